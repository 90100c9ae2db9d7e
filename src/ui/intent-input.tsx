// The intent input: one line at the bottom of the focused pane, with a visible cursor. Editing lives
// in line-editor.ts; this only draws. Multi-line and history will grow the `rows` it reports.
import { Box, Text } from 'ink';
import type { LineState } from './line-editor.js';
import { charWidth, textWidth, truncate, wrapText } from './text.js';

export interface IntentInputState extends LineState {
  project: string;
  /** One line shown above the input (e.g. the queue is not wired yet). */
  note?: string;
}

const PROMPT = '› ';

const MAX_NOTE_ROWS = 2;

function noteRows(note: string | undefined, width: number): string[] {
  if (!note) return [];
  const rows = wrapText(note, width);
  return rows.length <= MAX_NOTE_ROWS
    ? rows
    : [...rows.slice(0, MAX_NOTE_ROWS - 1), truncate(rows.slice(MAX_NOTE_ROWS - 1).join(' '), width)];
}

/** Rows the input takes in a pane whose text is `width` cells wide. */
export function intentInputRows(input: IntentInputState | undefined, width: number): number {
  if (!input) return 0;
  return 1 + noteRows(input.note, width).length;
}

/** The part of the text around the cursor that fits in `width` cells (the cursor cell included). */
export function inputWindow(state: LineState, width: number): { before: string; at: string; after: string } {
  const { text, cursor } = state;
  const atChar = cursor < text.length ? String.fromCodePoint(text.codePointAt(cursor)!) : ' ';
  let before = text.slice(0, cursor);
  const room = Math.max(1, width - charWidth(atChar.codePointAt(0)!));
  // Keep the cursor in view: drop from the start of what is before it.
  while (textWidth(before) > room) before = before.slice(before.codePointAt(0)! > 0xffff ? 2 : 1);
  const after = truncate(text.slice(cursor + atChar.length), room - textWidth(before));
  return { before, at: atChar, after: cursor < text.length ? after : '' };
}

export function IntentInput({ input, width }: { input: IntentInputState; width: number }) {
  const fieldWidth = Math.max(1, width - PROMPT.length);
  const view = inputWindow(input, fieldWidth);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {noteRows(input.note, width).map((row) => (
        <Box key={row} flexShrink={0} height={1}>
          <Text color="yellow" wrap="truncate-end">
            {row}
          </Text>
        </Box>
      ))}
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate-end">
          <Text color="cyan">{PROMPT}</Text>
          {view.before}
          <Text inverse>{view.at}</Text>
          {view.after}
          {input.text === '' ? (
            <Text dimColor>{truncate(' Enter queues · Esc closes', fieldWidth - 1)}</Text>
          ) : null}
        </Text>
      </Box>
    </Box>
  );
}
