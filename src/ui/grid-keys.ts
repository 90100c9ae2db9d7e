// Keys of the grid (also reached from the zoomed pane for what it does not take): focus moves,
// zoom, the intent input (one pane or the selection), selection, the approval prompt, cancel, retry.
// Typing never changes state by accident: a printable key that is no grid command starts an intent
// with that character, approvals are answered only in their prompt, and cancel asks first.
import type { AppActions } from '../core/app-state.js';
import type { IntentView, PaneState } from '../core/pane-state.js';
import { retryableStates } from '../model/intent.js';
import { isBusy } from './input-keys.js';
import type { InputMode } from './intent-input-state.js';
import type { KeyHandler } from './key-dispatch.js';
import { PLAIN_TEXT } from './key-split.js';
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
  /** The focused pane fills the screen (the grid has the keys zoom does not take). */
  zoomed: boolean;
  actions: AppActions;
  move: (move: FocusMove) => void;
  jump: (index: number) => void;
  /** Focus the next pane that needs the user (approval, failed, interrupted, finished unseen). */
  needsYou: () => void;
  zoom: () => void;
  selection: readonly string[];
  setSelection: (names: string[]) => void;
  /** Open the input of `project` (its kept draft, if any), with `typed` typed into it. */
  openInput: (project: string, mode: InputMode, typed?: string) => void;
  /** Open the approval prompt of the focused pane. */
  openReview: (pane: PaneState) => void;
  /** Ask before cancelling the running turn of `project`. */
  askCancel: (project: string) => void;
  openHelp: () => void;
  quit: () => void;
  flash: (message: string) => void;
}

export function gridKeys(ctx: GridContext): KeyHandler {
  return (text, key) => {
    const { focused, actions, selection, flash } = ctx;
    const command = commandFor('grid', text, key);
    const name = focused?.project.name;
    if (!command) {
      // A letter typed in the grid starts an intent with it (and the rest of a burst follows it there).
      if (!name || key.ctrl || key.meta || !PLAIN_TEXT.test(text)) return false;
      // In the zoomed pane, letters are its commands: an unknown one says so rather than typing.
      if (ctx.zoomed) flash(`${text} is no key here: i types an intent, ? lists the keys`);
      else ctx.openInput(name, inputMode(ctx), text);
      return true;
    }
    const move = MOVES[command];
    if (move) {
      ctx.move(move);
      return true;
    }
    switch (command) {
      case 'approval.open':
        if (focused?.activity.kind === 'approval') ctx.openReview(focused);
        else if (focused) ctx.zoom();
        return true;
      case 'focus.needsYou':
        ctx.needsYou();
        return true;
      case 'focus.jump':
        ctx.jump(Number(text) - 1);
        return true;
      case 'pane.zoom':
        if (focused) ctx.zoom();
        return true;
      case 'input.open':
        if (name) ctx.openInput(name, inputMode(ctx));
        return true;
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
        if (!last || !retryableStates.includes(last.state)) {
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

/** The selected panes still on screen, in grid order: the input fans out into them. */
export function inputMode(ctx: Pick<GridContext, 'panes' | 'selection'>): InputMode {
  const targets = ctx.panes.map((p) => p.project.name).filter((n) => ctx.selection.includes(n));
  return targets.length > 0 ? { kind: 'fanout', projects: targets } : { kind: 'queue' };
}

/** Esc on a pane whose agent works: ask before cancelling its turn (Esc is a no-op elsewhere). */
function cancel(ctx: GridContext): boolean {
  const { focused } = ctx;
  if (!focused || !isBusy(focused)) return false;
  ctx.askCancel(focused.project.name);
  return true;
}
