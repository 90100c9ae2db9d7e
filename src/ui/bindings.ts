// The key bindings table: every command, where it works, its keys and what it does. The help overlay
// and the bottom-bar hints are generated from it; the first binding that matches a key wins.
import type { Binding, Command, KeyContext, KeySpec } from './keymap.js';

function bind(
  command: Command,
  context: KeyContext,
  keys: KeySpec[],
  description: string,
  label?: string,
): Binding {
  return label ? { command, context, keys, description, label } : { command, context, keys, description };
}

const digits = Array.from({ length: 9 }, (_, i) => ({ input: String(i + 1) }));

export const BINDINGS: readonly Binding[] = [
  bind('focus.next', 'grid', [{ name: 'tab', shift: false }], 'next pane'),
  bind('focus.prev', 'grid', [{ name: 'tab', shift: true }], 'previous pane'),
  bind('focus.left', 'grid', [{ name: 'left' }], 'pane to the left'),
  bind('focus.right', 'grid', [{ name: 'right' }], 'pane to the right'),
  bind('focus.up', 'grid', [{ name: 'up' }], 'pane above'),
  bind('focus.down', 'grid', [{ name: 'down' }], 'pane below'),
  bind('focus.jump', 'grid', digits, 'jump to pane N', '1–9'),
  // Before pane.zoom: on a pane that waits for approval, Enter opens the prompt (else it zooms).
  bind('approval.open', 'grid', [{ name: 'return' }], 'on a pane waiting for approval: review the step'),
  bind(
    'pane.zoom',
    'grid',
    [{ name: 'return' }, { input: 'z' }],
    'zoom the pane: its queue and full history',
  ),
  bind('input.open', 'grid', [{ input: 'i' }], 'type an intent (into every selected pane, if any)'),
  bind('selection.toggle', 'grid', [{ input: ' ' }], 'select the pane (one intent for several)'),
  // Esc clears a selection first; without one it cancels (see the grid handler).
  bind('selection.clear', 'grid', [{ name: 'escape' }], 'clear the selection'),
  bind(
    'agent.cancel',
    'grid',
    [{ name: 'escape' }],
    'cancel the running turn of the pane (asks: Enter confirms)',
  ),
  bind('intent.retryLast', 'grid', [{ input: 'r' }], 'retry the last intent if it failed or was interrupted'),
  bind('help.toggle', 'grid', [{ input: '?' }], 'this help'),
  bind('app.quit', 'grid', [{ input: 'q' }], 'quit (press twice while agents work)'),
  bind('app.quit', 'global', [{ input: 'c', ctrl: true }], 'quit, from anywhere'),

  bind('pane.unzoom', 'zoom', [{ name: 'escape' }], 'back to the grid'),
  bind('zoom.switchFocus', 'zoom', [{ name: 'tab' }], 'switch between the queue and the conversation'),
  bind('pane.scrollUp', 'zoom', [{ name: 'up' }, { input: 'k' }], 'scroll the conversation up a line'),
  bind('pane.scrollDown', 'zoom', [{ name: 'down' }, { input: 'j' }], 'scroll the conversation down a line'),
  bind('pane.pageUp', 'zoom', [{ name: 'pageUp' }], 'scroll up a page'),
  bind('pane.pageDown', 'zoom', [{ name: 'pageDown' }], 'scroll down a page'),
  bind('pane.top', 'zoom', [{ name: 'home' }], 'oldest line'),
  bind('pane.bottom', 'zoom', [{ name: 'end' }], 'newest line, follow'),
  bind(
    'pane.toggleOutput',
    'zoom',
    [{ input: 'o', ctrl: true }],
    "show each tool call's whole output, or its first lines again",
  ),
  bind('queue.pause', 'zoom', [{ input: 'p' }], "pause or resume the project's queue"),
  bind('context.compact', 'zoom', [{ input: 'C' }], 'compact the context now (summarise older turns)'),
  bind('context.reset', 'zoom', [{ input: 'R' }], 'start a fresh context (press twice)'),

  bind('queue.selectUp', 'queue', [{ name: 'up' }, { input: 'k' }], 'select the intent above'),
  bind('queue.selectDown', 'queue', [{ name: 'down' }, { input: 'j' }], 'select the intent below'),
  bind('queue.moveUp', 'queue', [{ input: 'K' }], 'move the selected queued intent up'),
  bind('queue.moveDown', 'queue', [{ input: 'J' }], 'move the selected queued intent down'),
  bind('queue.edit', 'queue', [{ input: 'e' }], 'edit the selected queued intent'),
  bind(
    'queue.remove',
    'queue',
    [{ input: 'x' }, { name: 'delete' }],
    'remove the selected intent (press twice)',
  ),
  bind('queue.retry', 'queue', [{ input: 'r' }], 'retry the selected failed/interrupted/cancelled intent'),
  bind(
    'queue.restore',
    'queue',
    [{ input: 'u' }],
    'restore the files as they were before the selected intent (asks first)',
  ),

  bind(
    'input.newline',
    'input',
    [
      { input: '\n' },
      { input: 'j', ctrl: true },
      { name: 'return', shift: true },
      { name: 'return', meta: true },
    ],
    'new line (Shift+Enter too, where the terminal tells it apart)',
    'Ctrl+J / Alt+Enter',
  ),
  bind('input.submit', 'input', [{ name: 'return' }], 'queue the intent; the input stays open'),
  bind('input.steer', 'input', [{ name: 'tab' }], 'steer the running turn; after @name: complete it'),
  bind('input.close', 'input', [{ name: 'escape' }], 'close the input'),
  bind('input.historyPrev', 'input', [{ name: 'up' }], 'previous intent from history (or line up)'),
  bind('input.historyNext', 'input', [{ name: 'down' }], 'next intent from history (or line down)'),
  bind(
    'input.wordLeft',
    'input',
    [
      { input: 'b', meta: true },
      { name: 'left', ctrl: true },
      { name: 'left', meta: true },
    ],
    'a word left',
    'Alt+B / Ctrl+←',
  ),
  bind(
    'input.wordRight',
    'input',
    [
      { input: 'f', meta: true },
      { name: 'right', ctrl: true },
      { name: 'right', meta: true },
    ],
    'a word right',
    'Alt+F / Ctrl+→',
  ),
  bind('input.cursorLeft', 'input', [{ name: 'left' }], 'cursor left'),
  bind('input.cursorRight', 'input', [{ name: 'right' }], 'cursor right'),
  bind('input.cursorStart', 'input', [{ name: 'home' }, { input: 'a', ctrl: true }], 'start of the line'),
  bind('input.cursorEnd', 'input', [{ name: 'end' }, { input: 'e', ctrl: true }], 'end of the line'),
  bind('input.deleteBack', 'input', [{ name: 'backspace' }], 'delete back'),
  bind('input.deleteForward', 'input', [{ name: 'delete' }], 'delete forward'),
  bind('input.deleteWord', 'input', [{ input: 'w', ctrl: true }], 'delete the word before the cursor'),
  bind('input.deleteToStart', 'input', [{ input: 'u', ctrl: true }], 'delete to the start of the line'),
  bind('input.deleteToEnd', 'input', [{ input: 'k', ctrl: true }], 'delete to the end of the line'),

  bind('approval.yes', 'approval', [{ input: 'y' }], 'run it (once the whole step was shown)'),
  bind('approval.no', 'approval', [{ input: 'n' }], 'refuse it (the agent hears why)'),
  bind('approval.always', 'approval', [{ input: 'a' }], 'run it, and stop asking for this intent'),
  bind('approval.scrollUp', 'approval', [{ name: 'up' }, { input: 'k' }], 'scroll the step up'),
  bind('approval.scrollDown', 'approval', [{ name: 'down' }, { input: 'j' }], 'scroll the step down'),
  bind('approval.pageUp', 'approval', [{ name: 'pageUp' }], 'scroll up a page'),
  bind('approval.pageDown', 'approval', [{ name: 'pageDown' }, { input: ' ' }], 'scroll down a page'),
  bind('approval.close', 'approval', [{ name: 'escape' }], 'back; the step keeps waiting'),

  bind('help.close', 'help', [{ name: 'escape' }, { input: '?' }], 'close help'),
  bind('help.scrollUp', 'help', [{ name: 'up' }], 'scroll help (small screens)'),
  bind('help.scrollDown', 'help', [{ name: 'down' }], 'scroll help'),
];
