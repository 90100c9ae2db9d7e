// Restoring what a project's files held before an intent: one path for `shipyard restore` and the
// zoomed pane's key. The plan is shown before anything changes; after, the project's context gets a
// note (the agent learns its files changed under it) that `shipyard log` and the pane show too.
import { UserError } from '../errors.js';
import { applyRestore, planRestore, type RestoreChange, type RestorePlan, samePlan } from '../git/restore.js';
import type { Intent } from '../model/intent.js';
import { visibleName } from '../sanitize.js';
import type { ContextStore } from '../store/contexts.js';
import type { IntentStore } from '../store/intents.js';
import { stateId } from '../store/state-id.js';
import { shipyardNote } from './shipyard-note.js';

export interface IntentRestore {
  intent: Intent;
  plan: RestorePlan;
  /** The files asked for (undefined: all). */
  files?: string[];
}

/** The plan for restoring the files (all, or `files`) as they were before intent `id`. */
export async function planIntentRestore(
  intents: IntentStore,
  id: number,
  files?: string[],
): Promise<IntentRestore> {
  const intent = intents.get(id);
  if (!intent) throw new UserError(`no intent #${id}`);
  if (intent.state === 'queued') throw new UserError(`#${id} has not run yet: there is nothing to restore`);
  const plan = await planRestore(intent.projectPath, { stateId: stateId(intents.db), intentId: id }, files);
  if (plan.unknown.length > 0) {
    throw new UserError(`not in the snapshot before #${id}: ${plan.unknown.map(visibleName).join(', ')}`);
  }
  return { intent, plan, ...(files ? { files } : {}) };
}

/**
 * The plan the user was shown, planned again just before it is applied: `changed` when the files
 * changed since (applying the shown plan would then do what nobody confirmed).
 */
export async function replanIntentRestore(
  intents: IntentStore,
  shown: IntentRestore,
): Promise<{ restore: IntentRestore; changed: boolean }> {
  const restore = await planIntentRestore(intents, shown.intent.id, shown.files);
  return { restore, changed: !samePlan(shown.plan, restore.plan) };
}

function changeLine(change: RestoreChange): string {
  const staged = change.staged === undefined ? '' : change.staged === 'removed' ? ' (unstage)' : ' (staged)';
  const verb = change.action === 'write' ? 'restore' : change.action === 'delete' ? 'delete ' : 'restage';
  return `${verb} ${visibleName(change.path)}${staged}`;
}

/** One line per file, e.g. `restore a.ts (staged)`, `delete  old.ts`. */
export function describeRestore(plan: RestorePlan): string[] {
  return plan.changes.map(changeLine);
}

/** Short list of the files for one-line messages: `a.ts, b.ts and 3 more`. */
export function restoredFiles(plan: RestorePlan, max = 5): string {
  const names = plan.changes.map((change) => visibleName(change.path));
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/**
 * Applies the plan unless the project is busy, then tells the project's context. Returns the line to
 * show. The note is a context item, after the prompt prefix, so the prefix stays byte-identical.
 */
export async function applyIntentRestore(
  stores: { intents: IntentStore; contexts: ContextStore },
  { intent, plan }: IntentRestore,
): Promise<string> {
  const running = stores.intents.list({ project: intent.projectPath, states: ['running'] })[0];
  if (running) throw new UserError(`#${running.id} is running in ${intent.project}: restore when it is done`);
  if (plan.changes.length === 0) return `nothing to restore: the files are as they were before #${intent.id}`;
  await applyRestore(intent.projectPath, plan);
  const line = `restored ${plan.changes.length} ${plan.changes.length === 1 ? 'file' : 'files'} as they were before #${intent.id}: ${restoredFiles(plan)}`;
  const all = plan.changes.map(changeLine).join('\n');
  stores.contexts.append(
    intent.projectPath,
    shipyardNote(
      `The user ${line}. These files changed under you; read them again before editing them:\n${all}`,
    ),
    { kind: 'note' },
  );
  return line;
}
