// Commits Shipyard owes a project: an intent's files, held while the user is in the middle of a
// merge, rebase, cherry-pick, revert, bisect or on a detached HEAD (see core/deferred-commit.ts).
import type { CommitPolicy } from '../model/policies.js';
import type { Db } from './db.js';

export interface PendingFile {
  path: string;
  /** Content hash when the intent ended ('missing' for a deletion): a file changed since is left out. */
  hash: string;
}

export interface PendingCommit {
  id: number;
  projectPath: string;
  intentId: number;
  message: string;
  files: PendingFile[];
  policy: CommitPolicy;
  createdAt: number;
}

interface Row {
  id: number;
  project: string;
  intent_id: number;
  message: string;
  files: string;
  policy: CommitPolicy;
  created_at: number;
}

export function addPendingCommit(db: Db, pending: Omit<PendingCommit, 'id' | 'createdAt'>): number {
  const result = db
    .prepare(
      'INSERT INTO pending_commits (project, intent_id, message, files, policy, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(
      pending.projectPath,
      pending.intentId,
      pending.message,
      JSON.stringify(pending.files),
      pending.policy,
      Date.now(),
    );
  return Number(result.lastInsertRowid);
}

/** The project's pending commits, oldest first. */
export function pendingCommits(db: Db, projectPath: string): PendingCommit[] {
  const rows = db
    .prepare('SELECT * FROM pending_commits WHERE project = ? ORDER BY id')
    .all(projectPath) as unknown as Row[];
  return rows.map((row) => ({
    id: row.id,
    projectPath: row.project,
    intentId: row.intent_id,
    message: row.message,
    files: JSON.parse(row.files) as PendingFile[],
    policy: row.policy,
    createdAt: row.created_at,
  }));
}

/** Takes a pending commit for doing; false when another process took it first. */
export function claimPendingCommit(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM pending_commits WHERE id = ?').run(id).changes > 0;
}
