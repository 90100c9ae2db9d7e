// The actions of the running app: the core actions (the CLI's too, same rules and lines) plus what
// lives only in the app's process: pending approvals, pane lines, compaction and restore in the
// background (close() waits for them).
import { errorMessage, UserError } from '../errors.js';
import type { Project } from '../model/project.js';
import type { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import { addInputHistory, inputHistory } from '../store/input-history.js';
import type { IntentStore } from '../store/intents.js';
import type { CoreActions } from './actions.js';
import type { AppActions, RestorePreview } from './app-state.js';
import { appendLines } from './pane-feed.js';
import type { PaneState } from './pane-state.js';
import type { IntentRestore } from './restore-intent.js';
import type { SessionFeed } from './session-feed.js';
import type { WorkspaceController } from './workspace-controller.js';

/** What of the session the actions use. */
export interface SessionParts {
  core: CoreActions;
  db: Db;
  intents: IntentStore;
  contexts: ContextStore;
  controller: WorkspaceController;
  feed: SessionFeed;
  project(name: string): Project;
  pane(projectPath: string, change: (pane: PaneState) => PaneState): void;
  notice(message: string | undefined): void;
  refreshQueues(): void;
  /** The user looks at this pane now; its project (undefined for an unknown name). */
  focus(name: string): Project | undefined;
  /** Work that writes the context in the background: close() waits for it. */
  track(work: Promise<void>): void;
}

/**
 * Applies the plan the user was shown, then says in the pane what came back. Planned again first:
 * when the files changed since it was shown, nothing is applied and the plan as it is now is kept
 * and returned, for the user to confirm that one.
 */
async function restoreNow(
  s: SessionParts,
  plans: Map<number, IntentRestore>,
  id: number,
): Promise<RestorePreview | undefined> {
  const { applyIntentRestore, planIntentRestore, replanIntentRestore, restoredFiles } = await import(
    './restore-intent.js'
  );
  const shown = plans.get(id);
  plans.delete(id);
  try {
    const { restore, changed } = shown
      ? await replanIntentRestore(s.intents, shown)
      : { restore: await planIntentRestore(s.intents, id), changed: false };
    if (changed) {
      plans.set(id, restore);
      return { count: restore.plan.changes.length, files: restoredFiles(restore.plan) };
    }
    const line = await applyIntentRestore(s, restore);
    s.feed.say(restore.intent.projectPath, { type: 'info', line });
    s.notice(undefined);
    void s.controller.refresh(restore.intent.projectPath);
  } catch (error) {
    s.notice(errorMessage(error));
  }
  return undefined;
}

/** Undoes intent `id` (revert or unstage), then says in the pane what happened. */
async function undoNow(s: SessionParts, id: number): Promise<void> {
  const intent = s.intents.get(id);
  try {
    const line = await s.core.undo(id, 'the user undid it in the app');
    if (intent) {
      s.feed.say(intent.projectPath, { type: 'info', line });
      void s.controller.refresh(intent.projectPath);
    }
    s.notice(undefined);
  } catch (error) {
    s.notice(errorMessage(error));
  }
  s.refreshQueues();
}

async function compactNow(s: SessionParts, project: Project): Promise<void> {
  try {
    const compacting = s.core.compact(project.name); // refuses at once while an intent runs
    s.feed.say(project.path, { type: 'info', line: 'compacting the context…' });
    const { line, compacted } = await compacting;
    s.feed.say(project.path, {
      type: 'info',
      line,
      ...(compacted ? { kind: 'compaction' as const } : {}),
    });
  } catch (error) {
    if (error instanceof UserError) s.notice(error.message);
    else s.pane(project.path, (pane) => appendLines(pane, { kind: 'error', text: errorMessage(error) }));
  }
  s.refreshQueues();
}

/** Run `work`; an error becomes the notice (and is returned). */
function guard(s: SessionParts, work: () => void): string | undefined {
  let failed: string | undefined;
  try {
    work();
    s.notice(undefined);
  } catch (error) {
    failed = errorMessage(error);
    s.notice(failed);
  }
  s.refreshQueues();
  return failed;
}

/** The core actions (the CLI's too), with what only the app adds: pending approvals, pane lines. */
export function appActions(s: SessionParts): AppActions {
  const core = s.core;
  const plans = new Map<number, IntentRestore>();
  return {
    submitIntent: (name, text) => guard(s, () => void core.queue([name], text)),
    inputHistory: (name) => inputHistory(s.db, s.project(name).path),
    rememberInput: (name, text) => void guard(s, () => addInputHistory(s.db, s.project(name).path, text)),
    steer: (name, text) =>
      // The pane shows it when the agent reads it, after the tool result it follows.
      guard(s, () => void core.steer(name, text)),
    // A waiting approval ends with its intent (the abort reaches the prompt's step).
    cancel: (name) => guard(s, () => void core.cancel(name)),
    answerApproval: (name, answer) => guard(s, () => void core.approve(name, answer)),
    refresh: (name) => void s.controller.refresh(s.project(name).path),
    focusChanged: (name) => {
      const project = s.focus(name);
      if (project) s.pane(project.path, (pane) => (pane.attention ? { ...pane, attention: false } : pane));
    },
    moveIntent: (id, direction) => guard(s, () => void core.move(id, direction)),
    editIntent: (id, text) => guard(s, () => void core.edit(id, text)),
    deleteIntent: (id) => guard(s, () => void core.remove(id)),
    retryIntent: (id) => guard(s, () => void core.retry(id)),
    togglePause: (name) => guard(s, () => void core.togglePause(name)),
    compactContext: (name) => s.track(compactNow(s, s.project(name))),
    planRestore: async (id) => {
      const { planIntentRestore, restoredFiles } = await import('./restore-intent.js');
      const restore = await planIntentRestore(s.intents, id);
      plans.set(id, restore);
      return { count: restore.plan.changes.length, files: restoredFiles(restore.plan) };
    },
    // Like a compaction, a restore writes the context: close() waits for it.
    restoreIntent: (id) => {
      const restored = restoreNow(s, plans, id);
      s.track(restored.then(() => undefined));
      return restored;
    },
    loadDiff: async (id, options) => {
      const { diffData } = await import('./intent-diff.js');
      return diffData(await core.diff(id, options));
    },
    reviewIntent: (id, comments, at) => guard(s, () => void core.review(id, comments, at)),
    planUndo: (id) => core.undoPlan(id),
    // Like a restore, an undo writes the context: close() waits for it.
    undoIntent: (id) => s.track(undoNow(s, id)),
    resetContext: (name) =>
      guard(s, () => {
        const project = s.project(name);
        const { line, reset } = core.reset(name);
        if (!reset) throw new UserError(line);
        s.feed.say(project.path, {
          type: 'info',
          line: 'fresh context: the next intent starts a new conversation',
        });
      }),
  };
}
