// Key bindings as data: every command, its keys and what it does. Handlers match commands, never raw
// bytes, and the help overlay and the bottom-bar hints are generated from this table, so they cannot lie.
import type { Key } from 'ink';

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
  | 'agent.cancel'
  | 'approval.yes'
  | 'approval.no'
  | 'approval.always'
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
  | 'queue.moveUp'
  | 'queue.moveDown'
  | 'queue.remove'
  | 'help.toggle'
  | 'help.close'
  | 'help.scrollUp'
  | 'help.scrollDown'
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

/** One key: a named key, or the text a printable key types; `ctrl`/`shift` must match when given. */
export interface KeySpec {
  name?: KeyName;
  input?: string;
  ctrl?: boolean;
  shift?: boolean;
}

/** Where a binding applies; the dispatcher asks the open layer first (help, input, zoom, grid). */
export type KeyContext = 'global' | 'grid' | 'zoom' | 'input' | 'help';

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

const COMING_QUEUE = 'coming with the queue';
const digits = Array.from({ length: 9 }, (_, i) => ({ input: String(i + 1) }));

export const BINDINGS: readonly Binding[] = [
  { command: 'focus.next', context: 'grid', keys: [{ name: 'tab', shift: false }], description: 'next pane' },
  {
    command: 'focus.prev',
    context: 'grid',
    keys: [{ name: 'tab', shift: true }],
    description: 'previous pane',
  },
  { command: 'focus.left', context: 'grid', keys: [{ name: 'left' }], description: 'pane to the left' },
  { command: 'focus.right', context: 'grid', keys: [{ name: 'right' }], description: 'pane to the right' },
  { command: 'focus.up', context: 'grid', keys: [{ name: 'up' }], description: 'pane above' },
  { command: 'focus.down', context: 'grid', keys: [{ name: 'down' }], description: 'pane below' },
  { command: 'focus.jump', context: 'grid', keys: digits, label: '1–9', description: 'jump to pane N' },
  {
    command: 'pane.zoom',
    context: 'grid',
    keys: [{ name: 'return' }, { input: 'z' }],
    description: 'zoom the pane: full screen, full history',
  },
  {
    command: 'input.open',
    context: 'grid',
    keys: [{ input: 'i' }],
    description: 'type an intent for the pane',
  },
  {
    command: 'agent.cancel',
    context: 'grid',
    keys: [{ name: 'escape' }],
    description: 'cancel the running turn of the pane',
  },
  {
    command: 'approval.yes',
    context: 'grid',
    keys: [{ input: 'y' }],
    description: 'approve the waiting step',
  },
  { command: 'approval.no', context: 'grid', keys: [{ input: 'n' }], description: 'refuse the waiting step' },
  {
    command: 'approval.always',
    context: 'grid',
    keys: [{ input: 'a' }],
    description: 'approve, and stop asking for this kind',
  },
  { command: 'help.toggle', context: 'grid', keys: [{ input: '?' }], description: 'this help' },
  { command: 'app.quit', context: 'grid', keys: [{ input: 'q' }], description: 'quit' },
  {
    command: 'app.quit',
    context: 'global',
    keys: [{ input: 'c', ctrl: true }],
    description: 'quit, from anywhere',
  },

  { command: 'pane.unzoom', context: 'zoom', keys: [{ name: 'escape' }], description: 'back to the grid' },
  { command: 'pane.scrollUp', context: 'zoom', keys: [{ name: 'up' }], description: 'scroll up a line' },
  {
    command: 'pane.scrollDown',
    context: 'zoom',
    keys: [{ name: 'down' }],
    description: 'scroll down a line',
  },
  { command: 'pane.pageUp', context: 'zoom', keys: [{ name: 'pageUp' }], description: 'scroll up a page' },
  {
    command: 'pane.pageDown',
    context: 'zoom',
    keys: [{ name: 'pageDown' }],
    description: 'scroll down a page',
  },
  { command: 'pane.top', context: 'zoom', keys: [{ name: 'home' }], description: 'oldest line' },
  { command: 'pane.bottom', context: 'zoom', keys: [{ name: 'end' }], description: 'newest line, follow' },

  { command: 'input.submit', context: 'input', keys: [{ name: 'return' }], description: 'queue the intent' },
  { command: 'input.close', context: 'input', keys: [{ name: 'escape' }], description: 'close the input' },
  { command: 'input.cursorLeft', context: 'input', keys: [{ name: 'left' }], description: 'cursor left' },
  { command: 'input.cursorRight', context: 'input', keys: [{ name: 'right' }], description: 'cursor right' },
  {
    command: 'input.cursorStart',
    context: 'input',
    keys: [{ name: 'home' }, { input: 'a', ctrl: true }],
    description: 'start of the text',
  },
  {
    command: 'input.cursorEnd',
    context: 'input',
    keys: [{ name: 'end' }, { input: 'e', ctrl: true }],
    description: 'end of the text',
  },
  {
    command: 'input.deleteBack',
    context: 'input',
    keys: [{ name: 'backspace' }],
    description: 'delete back',
  },
  {
    command: 'input.deleteForward',
    context: 'input',
    keys: [{ name: 'delete' }],
    description: 'delete forward',
  },
  {
    command: 'input.steer',
    context: 'input',
    keys: [{ name: 'tab' }],
    description: 'steer the running turn instead of queueing',
    coming: COMING_QUEUE,
  },

  {
    command: 'queue.moveUp',
    context: 'zoom',
    keys: [{ input: 'K' }],
    description: 'move the selected intent up',
    coming: COMING_QUEUE,
  },
  {
    command: 'queue.moveDown',
    context: 'zoom',
    keys: [{ input: 'J' }],
    description: 'move the selected intent down',
    coming: COMING_QUEUE,
  },
  {
    command: 'queue.remove',
    context: 'zoom',
    keys: [{ input: 'x' }],
    description: 'remove the selected intent',
    coming: COMING_QUEUE,
  },

  {
    command: 'help.close',
    context: 'help',
    keys: [{ name: 'escape' }, { input: '?' }],
    description: 'close help',
  },
  {
    command: 'help.scrollUp',
    context: 'help',
    keys: [{ name: 'up' }],
    description: 'scroll help (small screens)',
  },
  { command: 'help.scrollDown', context: 'help', keys: [{ name: 'down' }], description: 'scroll help' },
];

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
  if (spec.name) return key[KEY_FLAGS[spec.name]] === true;
  return spec.input === input && !key.meta;
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
  const prefix = `${spec.ctrl ? 'Ctrl+' : ''}${spec.shift ? 'Shift+' : ''}`;
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
