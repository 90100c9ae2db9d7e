// The link from an intent to what it left in git: the commit it made (or the tree it only staged),
// written when Shipyard commits for it (at once or held until the user's rebase ended), read by the
// diff view, `shipyard diff`, review and undo in any process.
import type { Db } from './db.js';

export interface IntentCommit {
  intentId: number;
  projectPath: string;
  /** `commit`: a commit on the branch; `staged`: the files were only staged (commit policy `stage`). */
  kind: 'commit' | 'staged';
  /** Full hash of the intent's commit (kind `commit`). */
  commit: string | null;
  /** For `staged`: HEAD when the files were staged (null before the first commit) and the index's tree then. */
  base: string | null;
  tree: string | null;
  files: string[];
  added: number;
  removed: number;
  at: number;
  /** Set once undone: when, and the revert commit (null for an unstaging). */
  undoneAt: number | null;
  undoCommit: string | null;
}

interface Row {
  intent_id: number;
  project: string;
  kind: 'commit' | 'staged';
  commit_hash: string | null;
  base: string | null;
  tree: string | null;
  files: string;
  added: number;
  removed: number;
  at: number;
  undone_at: number | null;
  undo_commit: string | null;
}

export function recordIntentCommit(
  db: Db,
  commit: Omit<IntentCommit, 'at' | 'undoneAt' | 'undoCommit'>,
): void {
  db.prepare(
    `INSERT OR REPLACE INTO intent_commits (intent_id, project, kind, commit_hash, base, tree, files, added, removed, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    commit.intentId,
    commit.projectPath,
    commit.kind,
    commit.commit,
    commit.base,
    commit.tree,
    JSON.stringify(commit.files),
    commit.added,
    commit.removed,
    Date.now(),
  );
}

export function intentCommit(db: Db, intentId: number): IntentCommit | undefined {
  const row = db.prepare('SELECT * FROM intent_commits WHERE intent_id = ?').get(intentId) as unknown as
    | Row
    | undefined;
  return row ? fromRow(row) : undefined;
}

/** The commits of these intents, by intent id (one query for a pane's whole list). */
export function intentCommits(db: Db, ids: readonly number[]): Map<number, IntentCommit> {
  const result = new Map<number, IntentCommit>();
  if (ids.length === 0) return result;
  const rows = db
    .prepare(`SELECT * FROM intent_commits WHERE intent_id IN (${ids.map(() => '?').join(', ')})`)
    .all(...ids) as unknown as Row[];
  for (const row of rows) result.set(row.intent_id, fromRow(row));
  return result;
}

/** Marks the intent's change undone; false when it already was (another process got there first). */
export function markUndone(db: Db, intentId: number, undoCommit: string | null): boolean {
  return (
    db
      .prepare(
        'UPDATE intent_commits SET undone_at = ?, undo_commit = ? WHERE intent_id = ? AND undone_at IS NULL',
      )
      .run(Date.now(), undoCommit, intentId).changes > 0
  );
}

function fromRow(row: Row): IntentCommit {
  return {
    intentId: row.intent_id,
    projectPath: row.project,
    kind: row.kind,
    commit: row.commit_hash,
    base: row.base,
    tree: row.tree,
    files: JSON.parse(row.files) as string[],
    added: row.added,
    removed: row.removed,
    at: row.at,
    undoneAt: row.undone_at,
    undoCommit: row.undo_commit,
  };
}
