// Keys of the grid (also reached from the zoomed pane for what it does not take): focus moves,
// zoom, the intent input (one pane or the selection), selection, approvals, cancel, retry.
import type { AppActions, ApprovalAnswer } from '../core/app-state.js';
import type { IntentView, PaneState } from '../core/pane-state.js';
import { isBusy } from './input-keys.js';
import { type IntentInputState, openInput } from './intent-input-state.js';
import type { KeyHandler } from './key-dispatch.js';
import { type Command, commandFor } from './keymap.js';
import type { FocusMove } from './layout.js';

const MOVES: Partial<Record<Command, FocusMove>> = {
  'focus.next': 'next',
  'focus.prev': 'prev',
  'focus.left': 'left',
  'focus.right': 'right',
  'focus.up': 'up',
  'focus.down': 'down',
};

const ANSWERS: Partial<Record<Command, ApprovalAnswer>> = {
  'approval.yes': 'yes',
  'approval.no': 'no',
  'approval.always': 'always',
};

/** The intent that finished last (what `r` in the grid retries when it failed or was interrupted). */
export function lastFinished(intents: readonly IntentView[] = []): IntentView | undefined {
  let last: IntentView | undefined;
  for (const intent of intents) {
    if (intent.state === 'queued' || intent.state === 'running') continue;
    const at = intent.finishedAt ?? intent.createdAt;
    if (
      !last ||
      at > (last.finishedAt ?? last.createdAt) ||
      (at === (last.finishedAt ?? last.createdAt) && intent.id > last.id)
    )
      last = intent;
  }
  return last;
}

export interface GridContext {
  panes: readonly PaneState[];
  focused?: PaneState;
  actions: AppActions;
  move: (move: FocusMove) => void;
  jump: (index: number) => void;
  zoom: () => void;
  selection: readonly string[];
  setSelection: (names: string[]) => void;
  setInput: (input: IntentInputState) => void;
  openHelp: () => void;
  quit: () => void;
  flash: (message: string) => void;
}

export function gridKeys(ctx: GridContext): KeyHandler {
  return (text, key) => {
    const { focused, actions, selection, flash } = ctx;
    const command = commandFor('grid', text, key);
    if (!command) return false;
    const move = MOVES[command];
    if (move) {
      ctx.move(move);
      return true;
    }
    const answer = ANSWERS[command];
    if (answer) {
      if (focused?.activity.kind !== 'approval') return false;
      if (actions.answerApproval) actions.answerApproval(focused.project.name, answer);
      else flash('approvals not wired yet: they arrive with the agent');
      return true;
    }
    const name = focused?.project.name;
    switch (command) {
      case 'focus.jump':
        ctx.jump(Number(text) - 1);
        return true;
      case 'pane.zoom':
        if (focused) ctx.zoom();
        return true;
      case 'input.open': {
        if (!name) return true;
        // Selected names still on screen, in grid order.
        const targets = ctx.panes.map((p) => p.project.name).filter((n) => selection.includes(n));
        ctx.setInput(
          openInput(name, targets.length > 0 ? { kind: 'fanout', projects: targets } : { kind: 'queue' }),
        );
        return true;
      }
      case 'selection.toggle':
        if (!name) return true;
        ctx.setSelection(
          selection.includes(name) ? selection.filter((n) => n !== name) : [...selection, name],
        );
        return true;
      case 'selection.clear':
        if (selection.length > 0) {
          ctx.setSelection([]);
          return true;
        }
        return cancel(ctx);
      case 'intent.retryLast': {
        const last = lastFinished(focused?.intents);
        if (!last || (last.state !== 'failed' && last.state !== 'interrupted')) {
          flash('nothing to retry: the last intent did not fail');
          return true;
        }
        if (!actions.retryIntent) flash('retrying intents is not wired yet');
        else {
          actions.retryIntent(last.id);
          flash(`retrying #${last.id}`);
        }
        return true;
      }
      case 'help.toggle':
        ctx.openHelp();
        return true;
      case 'app.quit':
        ctx.quit();
        return true;
      default:
        return false;
    }
  };
}

/** Esc on a pane whose agent works: cancel its turn (and only then: Esc is no-op elsewhere). */
function cancel(ctx: GridContext): boolean {
  const { focused, actions } = ctx;
  if (!focused || !isBusy(focused)) return false;
  if (actions.cancel) actions.cancel(focused.project.name);
  else ctx.flash('cancel not wired yet: it arrives with the runner');
  return true;
}
