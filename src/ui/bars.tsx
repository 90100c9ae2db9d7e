// The one-line bars: workspace and project count on top; a notice or the key hints at the bottom.
import { Box, Text } from 'ink';
import { type Command, type KeyContext, shortKey } from './keymap.js';
import { textWidth, truncate } from './text.js';

/** Shorten a path from the left, where the least specific part is: `…/code/work`. */
export function shortenPath(path: string, width: number): string {
  if (textWidth(path) <= width) return path;
  if (width <= 1) return '…'.slice(0, width);
  const chars = [...path];
  return `…${chars.slice(chars.length - (width - 1)).join('')}`;
}

export function TopBar(props: { width: number; root: string; projects: number; scrolled?: string }) {
  const { width, root, projects, scrolled } = props;
  const name = 'shipyard';
  const right = '? help';
  const count = `  ·  ${projects} project${projects === 1 ? '' : 's'}${scrolled ? ` · ${scrolled}` : ''}`;
  const room = width - name.length - textWidth(count) - right.length - 3;
  const path = room >= 8 ? `  ${shortenPath(root, room)}` : '';
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
}

const HINTS: Record<'grid' | 'zoom' | 'input' | 'help', [Command, string, KeyContext?][]> = {
  grid: [
    ['focus.next', 'next'],
    ['focus.jump', 'jump'],
    ['pane.zoom', 'zoom'],
    ['input.open', 'intent'],
    ['help.toggle', 'help'],
    ['app.quit', 'quit'],
  ],
  zoom: [
    ['pane.scrollUp', 'scroll', 'zoom'],
    ['pane.pageUp', 'page', 'zoom'],
    ['pane.bottom', 'follow', 'zoom'],
    ['input.open', 'intent'],
    ['pane.unzoom', 'back', 'zoom'],
  ],
  input: [
    ['input.submit', 'queue', 'input'],
    ['input.close', 'close', 'input'],
  ],
  help: [['help.close', 'close', 'help']],
};

/** `Tab next · Enter zoom · …`, as many as fit. */
export function hintText(mode: keyof typeof HINTS, width: number): string {
  let text = '';
  for (const [command, word, context] of HINTS[mode]) {
    const key = command === 'pane.scrollUp' ? '↑↓' : shortKey(command, context);
    const next = `${text ? `${text} · ` : ''}${key} ${word}`;
    if (textWidth(next) > width) break;
    text = next;
  }
  return text;
}

/** The notice (or a UI message) on the left; the key hints after it when both fit. */
export function BottomBar(props: { width: number; mode: keyof typeof HINTS; message?: string }) {
  const { width, mode, message } = props;
  const messageText = message ? truncate(message, width) : '';
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
}
