// Keys of the open intent input: Enter queues (or fans out, or saves an edit) and keeps the input
// open for the next one; Tab completes `@name` or steers the running turn; Up/Down walk lines, then
// the history. The input is modal: every key ends here, so typing `q` types a q.
import type { AppActions, AppState } from '../core/app-state.js';
import type { PaneState } from '../core/pane-state.js';
import {
  completeReference,
  type IntentInputState,
  lastIntentId,
  openInput,
  walkHistory,
  withText,
} from './intent-input-state.js';
import type { KeyHandler } from './key-dispatch.js';
import { commandFor } from './keymap.js';
import { editLine, insertText, moveLine } from './line-editor.js';

export const NOT_WIRED_QUEUE = 'queue not wired yet: intents arrive with the queue issue';
export const NOTHING_RUNNING = 'nothing running: Enter queues it';

export function isBusy(pane: PaneState | undefined): boolean {
  return !!pane && ['thinking', 'tool', 'retrying', 'approval'].includes(pane.activity.kind);
}

export interface InputContext {
  state: AppState;
  actions: AppActions;
  input: IntentInputState;
  setInput: (input: IntentInputState | undefined) => void;
  /** Esc: close the input, keeping its text as the pane's draft. */
  close: () => void;
  /**
   * Change the input from its latest state: keys that arrive in one burst (a held arrow) are
   * handled before React re-renders, so pure edits must not start from this render's `input`.
   */
  updateInput: (change: (input: IntentInputState) => IntentInputState) => void;
  /** What was typed into this project's input before, most recent first. */
  history: () => readonly string[];
  /** Keep a submitted text in the history. */
  remember: (text: string) => void;
}

/** Enter: act, and give the input's next state (undefined closes it). */
function submit(ctx: InputContext): IntentInputState | undefined {
  const { input, actions, state } = ctx;
  const text = input.text.trim();
  if (text === '') return input;
  if (input.mode.kind === 'edit') {
    if (!actions.editIntent) return { ...input, note: 'editing intents is not wired yet' };
    actions.editIntent(input.mode.id, text);
    ctx.remember(text);
    return undefined;
  }
  if (!actions.submitIntent) return { ...input, note: NOT_WIRED_QUEUE };
  const targets = input.mode.kind === 'fanout' ? input.mode.projects : [input.project];
  const afterId = lastIntentId(state.panes);
  const refused: string[] = [];
  const projects = targets.filter((project) => {
    const reason = actions.submitIntent!(project, text);
    if (typeof reason === 'string') refused.push(targets.length > 1 ? `${project}: ${reason}` : reason);
    return typeof reason !== 'string';
  });
  ctx.remember(text);
  // Nothing queued: the text stays, with the reason, and the pane never says `queued`.
  if (projects.length === 0) return { ...input, note: `not queued: ${refused.join(' · ')}` };
  // Stays open, empty, for the next intent; the confirmation is derived from the queue core writes.
  const next = { ...openInput(input.project, input.mode), sent: { projects, text, afterId } };
  return refused.length > 0 ? { ...next, note: `not queued in ${refused.join(' · ')}` } : next;
}

/** `@name` completes among the projects of the input's own host, by the names that host knows them by. */
function referenceNames(panes: readonly PaneState[], project: string): string[] {
  const host = panes.find((p) => p.project.name === project)?.project.host;
  return panes
    .filter((p) => p.project.host === host)
    .map((p) => (host ? p.project.name.slice(host.length + 1) : p.project.name));
}

/** Tab: complete `@name` when the cursor is right after one, else hand the text to the running turn. */
function tab(ctx: InputContext): IntentInputState {
  const { input, actions, state } = ctx;
  const completed = completeReference(input, referenceNames(state.panes, input.project));
  if (completed) return completed;
  const text = input.text.trim();
  if (text === '') return input;
  const note = (message: string) => ({ ...input, note: message });
  if (input.mode.kind === 'edit') return note('Enter saves the edit; steering is for a running turn');
  if (input.mode.kind === 'fanout') return note('Tab steers one pane; Enter queues into every selected one');
  const pane = state.panes.find((p) => p.project.name === input.project);
  if (!isBusy(pane)) return note(NOTHING_RUNNING);
  if (!actions.steer) return note('steering not wired yet');
  actions.steer(input.project, text);
  ctx.remember(text);
  return { ...openInput(input.project), note: 'steered: the running turn reads it at its next step' };
}

export function inputKeys(ctx: InputContext): KeyHandler {
  return (text, key) => {
    switch (commandFor('input', text, key)) {
      case 'input.close':
        ctx.close();
        return true;
      case 'input.submit':
        ctx.setInput(submit(ctx));
        return true;
      case 'input.steer':
        ctx.setInput(tab(ctx));
        return true;
      case 'input.historyPrev':
        ctx.updateInput((now) => ({
          ...now,
          ...(moveLine(now, 'up') ?? walkHistory(now, ctx.history(), 'older')),
        }));
        return true;
      case 'input.historyNext':
        ctx.updateInput((now) => ({
          ...now,
          ...(moveLine(now, 'down') ?? walkHistory(now, ctx.history(), 'newer')),
        }));
        return true;
      default:
        ctx.updateInput((now) => {
          const next = editLine(now, text, key);
          return next ? withText(now, next) : now;
        });
        return true;
    }
  };
}

/** A bracketed paste: one intent, newlines kept. */
export function pasteInto(input: IntentInputState, text: string): IntentInputState {
  return withText(input, insertText(input, text));
}
