// Taking an intent back: its commit reverted with `git revert` (history stays, a new commit undoes
// it), or its staged files unstaged. Every check runs first, so a refusal changes nothing; after,
// the project's context gets a note, so the agent knows its change is gone and why.
import { UserError } from '../errors.js';
import { onBranch, revertCommit, revertConflicts, uncommitted, unstage } from '../git/revert.js';
import { runGit } from '../git/run.js';
import { visibleName } from '../sanitize.js';
import type { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import { markUndone } from '../store/intent-commits.js';
import type { IntentStore } from '../store/intents.js';
import { commitBlocker } from './deferred-commit.js';
import { intentChange } from './intent-diff.js';
import { shipyardNote } from './shipyard-note.js';

export interface UndoStores {
  db: Db;
  intents: IntentStore;
  contexts: ContextStore;
}

const short = (hash: string) => hash.slice(0, 7);

/** `a.ts, b.ts and 3 more`. */
function listed(files: readonly string[], max = 4): string {
  const names = files.map(visibleName);
  return names.length > max
    ? `${names.slice(0, max).join(', ')} and ${names.length - max} more`
    : names.join(', ');
}

/** What undoing intent `id` would do, for the one question the app asks (throws when it cannot). */
export function undoPlan(stores: UndoStores, id: number): string {
  const { intent, change, nothing } = intentChange(stores.db, stores.intents, id);
  if (!change) throw new UserError(`${nothing}: nothing to undo`);
  if (change.undoneAt !== null) throw new UserError(`#${intent.id} was undone already`);
  const files = `${change.files.length} ${change.files.length === 1 ? 'file' : 'files'}`;
  return change.kind === 'commit' ? `revert ${short(change.commit!)} (${files})` : `unstage ${files}`;
}

/** Undoes intent `id`; the line to show. `reason` reaches the agent's context. */
export async function undoIntent(stores: UndoStores, id: number, reason?: string): Promise<string> {
  const { intent, change, nothing } = intentChange(stores.db, stores.intents, id);
  if (!change) throw new UserError(`${nothing}: nothing to undo`);
  if (change.undoneAt !== null)
    throw new UserError(
      `#${id} was undone already${change.undoCommit ? ` (revert ${short(change.undoCommit)})` : ''}`,
    );
  const running = stores.intents.list({ project: intent.projectPath, states: ['running'] })[0];
  if (running) throw new UserError(`#${running.id} is running in ${intent.project}: undo when it is done`);
  const repo = intent.projectPath;
  const why = reason?.trim() ? ` Why: ${reason.trim()}` : '';

  if (change.kind === 'staged') {
    await unstage(repo, change.files);
    markUndone(stores.db, id, null);
    const line = `unstaged the ${change.files.length} ${change.files.length === 1 ? 'file' : 'files'} of #${id}: ${listed(change.files)} (their content stays in the working tree)`;
    stores.contexts.append(repo, shipyardNote(`The user ${line}.${why}`), { kind: 'note' });
    return line;
  }

  const commit = change.commit!;
  const refuse = (why: string) => new UserError(`#${id} not undone: ${why}; nothing changed`);
  const blocker = commitBlocker(repo);
  if (blocker) throw refuse(blocker);
  if (!(await onBranch(repo, commit)))
    throw refuse(`its commit ${short(commit)} is not on the current branch`);
  const open = await uncommitted(repo, change.files);
  if (open.staged.length > 0)
    throw refuse(`staged changes in ${listed(open.staged)} (commit or unstage them first)`);
  if (open.files.length > 0)
    throw refuse(`uncommitted changes in ${listed(open.files)} (commit or stash them first)`);
  const conflicts = await revertConflicts(repo, commit, change.files);
  if (conflicts.length > 0) throw refuse(`later changes conflict in ${listed(conflicts)}`);

  const subject = (await runGit(repo, ['log', '-1', '--format=%s', commit])).trim();
  const revert = await revertCommit(repo, commit);
  markUndone(stores.db, id, revert);
  const line = `undid #${id}: reverted ${short(commit)} with ${short(revert)} (${listed(change.files)})`;
  stores.contexts.append(
    repo,
    shipyardNote(
      `The user undid intent #${id}: its commit ${short(commit)} ("${visibleName(subject)}") was reverted by commit ${short(revert)}, ` +
        `so ${listed(change.files, 20)} are back as they were before it.${why} Read these files again before editing them.`,
    ),
    { kind: 'note' },
  );
  return line;
}
