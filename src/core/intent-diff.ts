// An intent's change, read back from the commit (or staged tree) recorded for it: one path for the
// diff view, `shipyard diff` and review comments. An intent that left nothing says so in one line.
import { UserError } from '../errors.js';
import { type ChangeRef, changeDiff, changeStat } from '../git/commit-diff.js';
import { type DiffFile, parsePatch } from '../model/diff.js';
import type { Intent } from '../model/intent.js';
import type { Db } from '../store/db.js';
import { type IntentCommit, intentCommit } from '../store/intent-commits.js';
import type { IntentStore } from '../store/intents.js';
import { pendingCommits } from '../store/pending-commits.js';
import type { DiffData } from './app-state.js';

export interface IntentDiff {
  intent: Intent;
  /** What the intent committed or staged; undefined when it left nothing. */
  change?: IntentCommit;
  /** Why there is no change to show (`#4 changed nothing`), when there is none. */
  nothing?: string;
  files: DiffFile[];
  added: number;
  removed: number;
  /** The unified diff as git prints it (when asked for). */
  patch?: string;
  /** Only the first files were read (`firstFiles`); the totals are the whole change's. */
  partial?: boolean;
}

/** The change as the diff view shows it. */
export function diffData(diff: IntentDiff): DiffData {
  const change = diff.change;
  const what = !change
    ? ''
    : change.kind === 'commit'
      ? `commit ${change.commit!.slice(0, 7)}`
      : 'staged, not committed';
  return {
    id: diff.intent.id,
    project: diff.intent.project,
    title: `${what}${change?.undoneAt ? ' · undone' : ''}`,
    files: diff.files,
    added: diff.added,
    removed: diff.removed,
    ...(diff.nothing ? { nothing: diff.nothing } : {}),
    ...(diff.partial ? { partial: true, fileCount: diff.change!.files.length } : {}),
  };
}

export function changeRef(change: IntentCommit): ChangeRef {
  if (change.kind === 'commit') return { kind: 'commit', commit: change.commit! };
  return { kind: 'staged', base: change.base, tree: change.tree!, files: change.files };
}

/** The intent, and its recorded change or the line saying why there is none. */
export function intentChange(
  db: Db,
  intents: IntentStore,
  id: number,
): { intent: Intent; change?: IntentCommit; nothing?: string } {
  const intent = intents.get(id);
  if (!intent) throw new UserError(`There is no intent #${id}.`);
  if (intent.state === 'queued' || intent.state === 'running')
    throw new UserError(`#${id} is ${intent.state}: its change shows once it has finished`);
  const change = intentCommit(db, id);
  if (change) return { intent, change };
  const held = pendingCommits(db, intent.projectPath).some((pending) => pending.intentId === id);
  return {
    intent,
    nothing: held
      ? `#${id} has not been committed yet: its files wait until the merge or rebase in ${intent.project} is finished`
      : `#${id} changed nothing (no commit, nothing staged)`,
  };
}

/** Reads the change from git: the files with their lines, and the patch text when `patch` is set. */
export async function readIntentDiff(
  db: Db,
  intents: IntentStore,
  id: number,
  /** `firstFiles`: read only that many files (a first screen), the rest comes with a full read. */
  options: { patch?: boolean; stat?: boolean; firstFiles?: number } = {},
): Promise<IntentDiff> {
  const { intent, change, nothing } = intentChange(db, intents, id);
  if (!change) return { intent, nothing: nothing!, files: [], added: 0, removed: 0 };
  const ref = changeRef(change);
  const unreadable = (error: unknown): never => {
    throw new UserError(
      `the change of #${id} cannot be read from git (${error instanceof Error ? error.message : String(error)})`,
    );
  };
  if (options.stat) {
    const stat = await changeStat(intent.projectPath, ref).catch(unreadable);
    const files = stat.files.map((file) => ({ ...file, lines: [] }));
    return { intent, change, files, added: stat.added, removed: stat.removed };
  }
  const first = options.firstFiles;
  if (first !== undefined && change.files.length > first) {
    const { stat, patch } = await changeDiff(intent.projectPath, ref, change.files.slice(0, first)).catch(
      unreadable,
    );
    return {
      intent,
      change,
      files: parsePatch(patch, stat.files),
      added: change.added,
      removed: change.removed,
      partial: true,
    };
  }
  const { stat, patch } = await changeDiff(intent.projectPath, ref).catch(unreadable);
  return {
    intent,
    change,
    files: parsePatch(patch, stat.files),
    added: stat.added,
    removed: stat.removed,
    ...(options.patch ? { patch } : {}),
  };
}
