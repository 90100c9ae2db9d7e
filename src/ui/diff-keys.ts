// Keys of the diff view: move, page, switch files, mark lines and write comments, send them back as
// an intent, undo the intent (asks once). Modal: every key ends here while the view is open.
import type { AppActions } from '../core/app-state.js';
import { diffBodyRows } from './diff-view.js';
import {
  type DiffViewState,
  diffRows,
  markedLines,
  moveCursor,
  stepFile,
  toggleAllFiles,
} from './diff-view-state.js';
import type { KeyHandler } from './key-dispatch.js';
import { commandFor } from './keymap.js';
import { editLine } from './line-editor.js';
import type { Confirm } from './zoom-keys.js';

export interface DiffKeysContext {
  view: DiffViewState;
  actions: AppActions;
  /** Height of the whole view (title and status line included). */
  height: number;
  /** From the latest state: a burst of keys arrives before React re-renders. */
  setView: (change: (view: DiffViewState) => DiffViewState | undefined) => void;
  setConfirm: (confirm: Confirm | undefined) => void;
  flash: (message: string) => void;
}

/** Asks core what undoing would do, then asks the user once (U again undoes). */
export function askUndo(ctx: Pick<DiffKeysContext, 'actions' | 'setConfirm' | 'flash'>, id: number): void {
  const { actions, flash } = ctx;
  if (!actions.planUndo || !actions.undoIntent) {
    flash('undo is not wired here');
    return;
  }
  actions.planUndo(id).then(
    (plan) => ctx.setConfirm({ kind: 'undo', id, plan }),
    (error: unknown) => flash(error instanceof Error ? error.message : String(error)),
  );
}

export function diffKeys(ctx: DiffKeysContext): KeyHandler {
  return (text, key) => {
    const { view, actions, flash } = ctx;
    const body = diffBodyRows(ctx.height);
    const update = (change: (view: DiffViewState) => DiffViewState | undefined) => {
      ctx.setView(change);
      return true;
    };

    // Writing a comment: Enter adds it to the review, Esc drops it, the rest edits the text.
    if (view.comment) {
      if (key.escape) return update((now) => ({ ...now, comment: undefined }));
      if (key.return && !key.shift && !key.meta) {
        const comment = view.comment;
        if (!comment.text.trim()) return update((now) => ({ ...now, comment: undefined }));
        return update((now) => ({
          ...now,
          comment: undefined,
          mark: undefined,
          comments: [
            ...now.comments,
            { text: comment.text.trim(), ...(comment.lines ? { lines: comment.lines } : {}) },
          ],
        }));
      }
      return update((now) => {
        if (!now.comment) return now;
        const next = editLine(now.comment, text, key);
        return next ? { ...now, comment: { ...now.comment, ...next } } : now;
      });
    }

    const command = commandFor('diff', text, key);
    const by = (rows: number) => update((now) => moveCursor(now, now.cursor + rows, body));
    if (command !== 'diff.close' && view.closing) ctx.setView((now) => ({ ...now, closing: undefined }));
    switch (command) {
      case 'diff.close':
        if (view.comments.length > 0 && !view.closing) return update((now) => ({ ...now, closing: true }));
        return update(() => undefined);
      case 'diff.up':
        return by(-1);
      case 'diff.down':
        return by(1);
      case 'diff.pageUp':
        return by(-Math.max(1, body - 1));
      case 'diff.pageDown':
        return by(Math.max(1, body - 1));
      case 'diff.top':
        return update((now) => moveCursor(now, 0, body));
      case 'diff.bottom':
        return update((now) =>
          now.data ? moveCursor(now, diffRows(now.data, now.file).length - 1, body) : now,
        );
      case 'diff.nextFile':
        return update((now) => stepFile(now, 1, body));
      case 'diff.prevFile':
        return update((now) => stepFile(now, -1, body));
      case 'diff.allFiles':
        return update((now) => toggleAllFiles(now, body));
      case 'diff.mark':
        return update((now) => ({ ...now, mark: now.mark === undefined ? now.cursor : undefined }));
      case 'diff.comment': {
        if (!view.data || view.data.nothing) {
          flash('nothing to comment on: this intent changed nothing');
          return true;
        }
        const lines = markedLines(view);
        return update((now) => ({ ...now, comment: { text: '', cursor: 0, ...(lines ? { lines } : {}) } }));
      }
      case 'diff.send':
      case 'diff.sendEnd': {
        if (view.comments.length === 0) {
          flash('no comments yet: v marks lines, c writes a comment, Enter adds it');
          return true;
        }
        if (!actions.reviewIntent) {
          flash('review is not wired here');
          return true;
        }
        const at = command === 'diff.send' ? 'front' : 'end';
        const refused = actions.reviewIntent(view.id, view.comments, at);
        if (refused) {
          flash(refused);
          return true;
        }
        const count = view.comments.length;
        flash(
          `sent ${count} ${count === 1 ? 'comment' : 'comments'} on #${view.id}: a new intent at the ${at} of ${view.project}'s queue`,
        );
        return update(() => undefined);
      }
      case 'diff.undo':
        askUndo(ctx, view.id);
        return true;
      default:
        // Modal: a stray key does nothing here (and never types into anything).
        return true;
    }
  };
}
