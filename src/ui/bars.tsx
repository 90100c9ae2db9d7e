// The one-line bars: workspace and project count on top; a notice or the key hints at the bottom.
import { Box, Text } from 'ink';
import { memo } from 'react';
import { visibleName } from '../sanitize.js';
import { type Command, type KeyContext, shortKey } from './keymap.js';
import { textWidth, truncate } from './text.js';

/** Shorten a path from the left, where the least specific part is: `…/code/work`. */
export function shortenPath(path: string, width: number): string {
  if (textWidth(path) <= width) return path;
  if (width <= 1) return '…'.slice(0, width);
  const chars = [...path];
  return `…${chars.slice(chars.length - (width - 1)).join('')}`;
}

// Both bars are memoised: the grid renders on every streamed frame, the bars change far less often.
export const TopBar = memo(function TopBar(props: {
  width: number;
  root: string;
  projects: number;
  scrolled?: string;
  /** Another process runs the agents: this app only queues (and shows their work). */
  elsewhere?: string;
}) {
  const { width, root, projects, scrolled, elsewhere } = props;
  const name = 'shipyard';
  const right = '? help';
  const count = `  ·  ${projects} project${projects === 1 ? '' : 's'}${scrolled ? ` · ${scrolled}` : ''}${elsewhere ? ` · ${visibleName(elsewhere)}` : ''}`;
  const room = width - name.length - textWidth(count) - right.length - 3;
  const path = room >= 8 ? `  ${shortenPath(visibleName(root), room)}` : '';
  const middle = truncate(path + count, Math.max(0, width - name.length - right.length - 1));
  const gap = Math.max(1, width - name.length - textWidth(middle) - right.length);
  return (
    <Box height={1} width={width} flexShrink={0}>
      <Text wrap="truncate-end">
        <Text bold>{name}</Text>
        {middle}
        {' '.repeat(gap)}
        <Text dimColor>{right}</Text>
      </Text>
    </Box>
  );
});

type HintMode = 'grid' | 'zoom' | 'queue' | 'input' | 'edit' | 'approval' | 'diff' | 'help';

/** Hints per mode: a command (its first key is shown) or a fixed key label, and a word. */
const HINTS: Record<HintMode, [Command | string, string, KeyContext?][]> = {
  grid: [
    ['focus.next', 'next'],
    ['pane.zoom', 'zoom'],
    ['input.open', 'intent'],
    ['selection.toggle', 'select'],
    ['help.toggle', 'help'],
    ['app.quit', 'quit'],
  ],
  zoom: [
    ['↑↓', 'scroll'],
    ['zoom.switchFocus', 'queue', 'zoom'],
    ['input.open', 'intent'],
    ['queue.pause', 'pause', 'zoom'],
    ['pane.unzoom', 'back', 'zoom'],
    ['pane.toggleOutput', 'whole outputs', 'zoom'],
  ],
  queue: [
    ['↑↓', 'select'],
    ['K/J', 'move'],
    ['queue.edit', 'edit', 'queue'],
    ['queue.remove', 'remove', 'queue'],
    ['queue.retry', 'retry', 'queue'],
    ['queue.diff', 'diff', 'queue'],
    ['queue.pause', 'pause', 'zoom'],
    ['zoom.switchFocus', 'conversation', 'zoom'],
    ['pane.unzoom', 'back', 'zoom'],
  ],
  input: [
    ['input.submit', 'queue', 'input'],
    ['input.steer', 'steer', 'input'],
    ['↑↓', 'history'],
    ['Ctrl+J', 'new line'],
    ['input.close', 'close', 'input'],
  ],
  approval: [
    ['approval.yes', 'yes', 'approval'],
    ['approval.no', 'no', 'approval'],
    ['approval.always', 'always', 'approval'],
    ['↑↓', 'scroll'],
    ['approval.close', 'back', 'approval'],
  ],
  // Editing a queued intent: Enter saves it (it queues nothing new), Esc leaves it as it was.
  edit: [
    ['input.submit', 'save the edit', 'input'],
    ['↑↓', 'lines'],
    ['Ctrl+J', 'new line'],
    ['input.close', 'keep it as it was', 'input'],
  ],
  diff: [
    ['↑↓', 'move'],
    ['diff.mark', 'mark', 'diff'],
    ['diff.comment', 'comment', 'diff'],
    ['diff.send', 'send', 'diff'],
    ['diff.nextFile', 'next file', 'diff'],
    ['diff.undo', 'undo', 'diff'],
    ['diff.close', 'back', 'diff'],
  ],
  help: [
    ['↑↓', 'scroll'],
    ['help.close', 'close', 'help'],
  ],
};

/** `Tab next · Enter zoom · …`, as many as fit. */
export function hintText(mode: HintMode, width: number): string {
  let text = '';
  for (const [command, word, context] of HINTS[mode]) {
    const key = command.includes('.') ? shortKey(command as Command, context) : command;
    const next = `${text ? `${text} · ` : ''}${key} ${word}`;
    if (textWidth(next) > width) break;
    text = next;
  }
  return text;
}

/** The notice (or a UI message) on the left; the key hints after it when both fit. */
export const BottomBar = memo(function BottomBar(props: { width: number; mode: HintMode; message?: string }) {
  const { width, mode, message } = props;
  const messageText = message ? truncate(visibleName(message), width) : '';
  const room = width - textWidth(messageText) - (message ? 4 : 0);
  const hints = hintText(mode, room);
  const gap = message && hints ? ' '.repeat(width - textWidth(messageText) - textWidth(hints)) : '';
  return (
    <Box height={1} width={width} flexShrink={0}>
      <Text wrap="truncate-end">
        <Text color="yellow">{messageText}</Text>
        {gap}
        <Text dimColor>{hints}</Text>
      </Text>
    </Box>
  );
});
