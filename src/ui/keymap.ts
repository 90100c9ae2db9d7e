// Key bindings as data: every command, its keys and what it does. Handlers match commands, never raw
// bytes, and the help overlay and the bottom-bar hints are generated from this table, so they cannot lie.
import type { Key } from 'ink';
import { BINDINGS } from './bindings.js';

export type Command =
  | 'focus.next'
  | 'focus.prev'
  | 'focus.left'
  | 'focus.right'
  | 'focus.up'
  | 'focus.down'
  | 'focus.jump'
  | 'pane.zoom'
  | 'pane.unzoom'
  | 'pane.scrollUp'
  | 'pane.scrollDown'
  | 'pane.pageUp'
  | 'pane.pageDown'
  | 'pane.top'
  | 'pane.bottom'
  | 'pane.toggleOutput'
  | 'agent.cancel'
  | 'approval.open'
  | 'approval.yes'
  | 'approval.no'
  | 'approval.always'
  | 'approval.scrollUp'
  | 'approval.scrollDown'
  | 'approval.pageUp'
  | 'approval.pageDown'
  | 'approval.close'
  | 'input.open'
  | 'input.submit'
  | 'input.close'
  | 'input.cursorLeft'
  | 'input.cursorRight'
  | 'input.cursorStart'
  | 'input.cursorEnd'
  | 'input.deleteBack'
  | 'input.deleteForward'
  | 'input.steer'
  | 'input.newline'
  | 'input.historyPrev'
  | 'input.historyNext'
  | 'input.deleteWord'
  | 'input.deleteToStart'
  | 'input.deleteToEnd'
  | 'input.wordLeft'
  | 'input.wordRight'
  | 'selection.toggle'
  | 'selection.clear'
  | 'intent.retryLast'
  | 'zoom.switchFocus'
  | 'queue.pause'
  | 'context.compact'
  | 'context.reset'
  | 'queue.selectUp'
  | 'queue.selectDown'
  | 'queue.moveUp'
  | 'queue.moveDown'
  | 'queue.edit'
  | 'queue.remove'
  | 'queue.retry'
  | 'queue.restore'
  | 'queue.diff'
  | 'queue.undo'
  | 'focus.needsYou'
  | 'diff.close'
  | 'diff.up'
  | 'diff.down'
  | 'diff.pageUp'
  | 'diff.pageDown'
  | 'diff.top'
  | 'diff.bottom'
  | 'diff.nextFile'
  | 'diff.prevFile'
  | 'diff.allFiles'
  | 'diff.mark'
  | 'diff.comment'
  | 'diff.send'
  | 'diff.sendEnd'
  | 'diff.undo'
  | 'help.toggle'
  | 'help.close'
  | 'help.scrollUp'
  | 'help.scrollDown'
  | 'help.pageUp'
  | 'help.pageDown'
  | 'help.top'
  | 'help.bottom'
  | 'app.quit';

type KeyName =
  | 'tab'
  | 'return'
  | 'escape'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'backspace'
  | 'delete';

/** One key: a named key, or the text a printable key types; `ctrl`/`shift`/`meta` must match when given. */
export interface KeySpec {
  name?: KeyName;
  input?: string;
  ctrl?: boolean;
  shift?: boolean;
  /** Alt (Option) held: terminals send Esc first, e.g. Alt+Enter is `\x1b\r`. */
  meta?: boolean;
}

/**
 * Where a binding applies; the dispatcher asks the open layer first (help, approval, input, queue
 * list, zoom, grid). `queue` is the zoomed pane's intent list while it has the focus; `approval` is
 * the prompt that shows a waiting step whole (opened with Enter on its pane); `diff` is the diff view
 * of one intent (d in the queue list).
 */
export type KeyContext = 'global' | 'grid' | 'zoom' | 'queue' | 'input' | 'approval' | 'diff' | 'help';

export interface Binding {
  command: Command;
  context: KeyContext;
  keys: KeySpec[];
  description: string;
  /** Shown instead of the generated key names (e.g. `1–9`). */
  label?: string;
  /** Not wired yet: listed in help with this note and never matched. */
  coming?: string;
}

export { BINDINGS } from './bindings.js';

const KEY_FLAGS: Record<KeyName, keyof Key> = {
  tab: 'tab',
  return: 'return',
  escape: 'escape',
  up: 'upArrow',
  down: 'downArrow',
  left: 'leftArrow',
  right: 'rightArrow',
  pageUp: 'pageUp',
  pageDown: 'pageDown',
  home: 'home',
  end: 'end',
  backspace: 'backspace',
  delete: 'delete',
};

export function keyMatches(spec: KeySpec, input: string, key: Key): boolean {
  if (spec.ctrl !== undefined && spec.ctrl !== key.ctrl) return false;
  if (spec.ctrl === undefined && key.ctrl) return false;
  if (spec.shift !== undefined && spec.shift !== key.shift) return false;
  if (spec.meta !== undefined && spec.meta !== key.meta) return false;
  if (spec.name) return key[KEY_FLAGS[spec.name]] === true;
  // Alt+letter arrives as meta with the letter: it matches only a spec that asks for meta.
  return spec.input === input && (spec.meta === true || !key.meta);
}

/** The live command bound to this key in `context`, if any. */
export function commandFor(context: KeyContext, input: string, key: Key): Command | undefined {
  for (const binding of BINDINGS) {
    if (binding.context !== context || binding.coming) continue;
    if (binding.keys.some((spec) => keyMatches(spec, input, key))) return binding.command;
  }
  return undefined;
}

const KEY_LABELS: Record<KeyName, string> = {
  tab: 'Tab',
  return: 'Enter',
  escape: 'Esc',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  backspace: 'Backspace',
  delete: 'Del',
};

export function keyLabel(spec: KeySpec): string {
  const base = spec.name ? KEY_LABELS[spec.name] : spec.input === ' ' ? 'Space' : (spec.input ?? '');
  const prefix = `${spec.ctrl ? 'Ctrl+' : ''}${spec.meta ? 'Alt+' : ''}${spec.shift ? 'Shift+' : ''}`;
  return prefix + (spec.ctrl ? base.toUpperCase() : base);
}

export function bindingLabel(binding: Binding): string {
  return binding.label ?? binding.keys.map(keyLabel).join(' / ');
}

/** The first key of a command, for short hints ("Enter zoom"). */
export function shortKey(command: Command, context?: KeyContext): string {
  const binding = BINDINGS.find((b) => b.command === command && (!context || b.context === context));
  return binding ? (binding.label ?? keyLabel(binding.keys[0]!)) : '';
}
