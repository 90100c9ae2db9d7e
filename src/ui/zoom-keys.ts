// Keys of the zoomed pane: its queue list (select, reorder, edit, remove, retry) while the list has
// the focus, and the pane itself (scroll, pause the queue, compact or reset the context).
import type { AppActions } from '../core/app-state.js';
import type { IntentView, PaneState } from '../core/pane-state.js';
import { askUndo } from './diff-keys.js';
import { type IntentInputState, openInput } from './intent-input-state.js';
import type { KeyHandler } from './key-dispatch.js';
import { commandFor } from './keymap.js';
import { RETRYABLE, selectedIntent } from './queue-list.js';

/** A destructive key waiting for its confirmation. */
export type Confirm =
  /** `then`: the row the cursor moves to once it is gone (the next, or the one before the last). */
  | { kind: 'remove'; id: number; then?: number }
  | { kind: 'reset'; project: string }
  | { kind: 'cancel'; project: string }
  /** `changed`: the plan shown before went stale (the files changed), this is the one now. */
  | { kind: 'restore'; id: number; count: number; files: string; changed?: boolean }
  | { kind: 'undo'; id: number; plan: string };

export function confirmText(confirm: Confirm | undefined): string | undefined {
  if (!confirm) return undefined;
  switch (confirm.kind) {
    case 'remove':
      return `remove #${confirm.id}? press x again · any other key keeps it`;
    case 'reset':
      return `reset the context of ${confirm.project}? press R again · any other key keeps it`;
    case 'cancel':
      return `cancel the running turn of ${confirm.project}? Enter cancels it · any other key keeps it running`;
    case 'undo':
      return `undo #${confirm.id}: ${confirm.plan}? press U again · any other key keeps it`;
    case 'restore': {
      const what = `${confirm.count} ${confirm.count === 1 ? 'file' : 'files'} (${confirm.files})`;
      const changed = confirm.changed ? 'the files changed since, nothing restored · now: ' : '';
      return `${changed}restore ${what} as before #${confirm.id}? press u again · any other key keeps them`;
    }
  }
}

export interface ZoomContext {
  pane: PaneState;
  actions: AppActions;
  /** From the latest value: a burst of keys arrives before React re-renders. */
  setScroll: (scroll: number | undefined | ((scroll: number | undefined) => number | undefined)) => void;
  /** Rows the conversation can scroll up, and a page of them. */
  maxScroll: number;
  page: number;
  listFocused: boolean;
  setListFocused: (focused: boolean) => void;
  selectedId?: number;
  setSelectedId: (id: number | ((id: number | undefined) => number | undefined)) => void;
  confirm?: Confirm;
  setConfirm: (confirm: Confirm | undefined) => void;
  wholeOutput: boolean;
  setWholeOutput: (whole: boolean) => void;
  setInput: (input: IntentInputState) => void;
  /** Open the diff view of intent `id` (it loads its change from core). */
  openDiff?: (id: number) => void;
  flash: (message: string) => void;
}

const notWired = (what: string) => `${what} is not wired yet`;

/**
 * The second press of x or R (Enter for a cancel) does the thing; any other key drops the question
 * (and does its own job; an Esc only drops it, so Esc Esc never cancels).
 */
export function confirmKeys(
  ctx: Pick<ZoomContext, 'confirm' | 'setConfirm' | 'actions' | 'flash'> &
    Partial<Pick<ZoomContext, 'setSelectedId'>>,
): KeyHandler {
  return (text, key) => {
    const { confirm, actions } = ctx;
    if (!confirm) return false;
    ctx.setConfirm(undefined);
    if (confirm.kind === 'cancel') {
      if (key.escape) return true;
      if (!key.return) return false;
      if (actions.cancel) actions.cancel(confirm.project);
      else ctx.flash('cancel not wired yet: it arrives with the runner');
      return true;
    }
    if (confirm.kind === 'remove' && commandFor('queue', text, key) === 'queue.remove') {
      actions.deleteIntent?.(confirm.id);
      // The cursor stays where it was in the list, not back at the running intent.
      if (confirm.then !== undefined) ctx.setSelectedId?.(confirm.then);
      return true;
    }
    if (confirm.kind === 'reset' && commandFor('zoom', text, key) === 'context.reset') {
      actions.resetContext?.(confirm.project);
      return true;
    }
    if (
      confirm.kind === 'undo' &&
      (commandFor('queue', text, key) === 'queue.undo' || commandFor('diff', text, key) === 'diff.undo')
    ) {
      actions.undoIntent?.(confirm.id);
      return true;
    }
    if (confirm.kind === 'restore' && commandFor('queue', text, key) === 'queue.restore') {
      const id = confirm.id;
      // Planned again before anything is written: a plan gone stale comes back to be confirmed.
      actions.restoreIntent?.(id).then(
        (fresh) => {
          if (!fresh) return;
          if (fresh.count === 0)
            ctx.flash(`the files changed since: nothing to restore now, they are as before #${id}`);
          else ctx.setConfirm({ kind: 'restore', id, ...fresh, changed: true });
        },
        (error: unknown) => ctx.flash(error instanceof Error ? error.message : String(error)),
      );
      return true;
    }
    return false;
  };
}

function step(intents: readonly IntentView[], current: IntentView | undefined, by: number) {
  const at = current ? intents.indexOf(current) : -1;
  return intents[Math.max(0, Math.min(intents.length - 1, at + by))];
}

export function queueKeys(ctx: ZoomContext): KeyHandler {
  return (text, key) => {
    const intents = ctx.pane.intents ?? [];
    if (!ctx.listFocused || intents.length === 0) return false;
    const command = commandFor('queue', text, key);
    const selected = selectedIntent(intents, ctx.selectedId);
    if (!command || !selected) return false;
    const { actions, flash } = ctx;
    const say = (message: string) => {
      flash(message);
      return true;
    };
    const need = (states: IntentView['state'][], verb: string) => {
      if (states.includes(selected.state)) return true;
      flash(`#${selected.id} is ${selected.state}: only ${states.join('/')} intents can be ${verb}`);
      return false;
    };
    switch (command) {
      case 'queue.selectUp':
      case 'queue.selectDown': {
        const by = command === 'queue.selectUp' ? -1 : 1;
        ctx.setSelectedId((id) => step(intents, selectedIntent(intents, id), by)?.id ?? id);
        return true;
      }
      case 'queue.moveUp':
      case 'queue.moveDown':
        if (!need(['queued'], 'moved')) return true;
        if (!actions.moveIntent) return say(notWired('moving intents'));
        ctx.setSelectedId(selected.id);
        actions.moveIntent(selected.id, command === 'queue.moveUp' ? 'up' : 'down');
        return true;
      case 'queue.edit':
        if (!need(['queued'], 'edited')) return true;
        if (!actions.editIntent) return say(notWired('editing intents'));
        ctx.setInput(openInput(ctx.pane.project.name, { kind: 'edit', id: selected.id }, selected.text));
        return true;
      case 'queue.remove':
        if (selected.state === 'running')
          return say(`#${selected.id} is running: Esc in the grid cancels it`);
        if (!actions.deleteIntent) return say(notWired('removing intents'));
        {
          const at = intents.indexOf(selected);
          const then = (intents[at + 1] ?? intents[at - 1])?.id;
          ctx.setConfirm({ kind: 'remove', id: selected.id, ...(then !== undefined ? { then } : {}) });
        }
        return true;
      case 'queue.restore': {
        if (selected.state === 'queued' || selected.state === 'running')
          return say(`#${selected.id} is ${selected.state}: restore works on intents that have run`);
        const plan = actions.planRestore;
        if (!plan || !actions.restoreIntent) return say(notWired('restoring files'));
        const id = selected.id;
        plan(id).then(
          ({ count, files }) =>
            count === 0
              ? flash(`nothing to restore: the files are as they were before #${id}`)
              : ctx.setConfirm({ kind: 'restore', id, count, files }),
          (error: unknown) => flash(error instanceof Error ? error.message : String(error)),
        );
        return true;
      }
      case 'queue.diff':
        if (selected.state === 'queued' || selected.state === 'running')
          return say(`#${selected.id} is ${selected.state}: its diff shows once it has finished`);
        if (!ctx.openDiff) return say(notWired('the diff view'));
        ctx.openDiff(selected.id);
        return true;
      case 'queue.undo':
        if (selected.state === 'queued' || selected.state === 'running')
          return say(`#${selected.id} is ${selected.state}: undo works on intents that have finished`);
        askUndo(ctx, selected.id);
        return true;
      case 'queue.retry':
        if (!need([...RETRYABLE], 'retried')) return true;
        if (!actions.retryIntent) return say(notWired('retrying intents'));
        actions.retryIntent(selected.id);
        return true;
      default:
        return false;
    }
  };
}

export function zoomKeys(ctx: ZoomContext): KeyHandler {
  return (text, key) => {
    const { pane, actions, flash } = ctx;
    const name = pane.project.name;
    const clamp = (value: number) => Math.max(0, Math.min(ctx.maxScroll, value));
    const scrollBy = (by: number) => ctx.setScroll((now) => clamp((now ?? 0) + by));
    const scrollTo = (value: number) => ctx.setScroll(clamp(value));
    switch (commandFor('zoom', text, key)) {
      case 'pane.unzoom':
        ctx.setScroll(undefined);
        return true;
      case 'zoom.switchFocus':
        if ((pane.intents ?? []).length === 0) flash('no intents yet: i types one');
        else ctx.setListFocused(!ctx.listFocused);
        return true;
      case 'pane.scrollUp':
        scrollBy(1);
        return true;
      case 'pane.scrollDown':
        scrollBy(-1);
        return true;
      case 'pane.pageUp':
        scrollBy(ctx.page);
        return true;
      case 'pane.pageDown':
        scrollBy(-ctx.page);
        return true;
      case 'pane.top':
        scrollTo(ctx.maxScroll);
        return true;
      case 'pane.bottom':
        scrollTo(0);
        return true;
      case 'pane.toggleOutput':
        ctx.setWholeOutput(!ctx.wholeOutput);
        flash(
          ctx.wholeOutput
            ? 'tool outputs: first lines (Ctrl+O shows them whole)'
            : 'tool outputs: whole (Ctrl+O: first lines)',
        );
        return true;
      case 'queue.pause':
        if (actions.togglePause) actions.togglePause(name);
        else flash(notWired('pausing the queue'));
        return true;
      case 'context.compact':
        if (actions.compactContext) {
          actions.compactContext(name);
          flash(`compacting the context of ${name}…`);
        } else flash(notWired('compacting on demand'));
        return true;
      case 'context.reset':
        if (actions.resetContext) ctx.setConfirm({ kind: 'reset', project: name });
        else flash(notWired('resetting the context'));
        return true;
      default:
        return false;
    }
  };
}
