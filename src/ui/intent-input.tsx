// The intent input at the bottom of the focused pane: a note (what happened, where it goes), the
// `@name` candidates, and the text with a visible cursor. The text grows up to MAX_TEXT_ROWS rows,
// then scrolls to keep the cursor in view. Editing lives in line-editor.ts / intent-input-state.ts.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { IntentInputState } from './intent-input-state.js';
import type { LineState } from './line-editor.js';
import { graphemes, textWidth, truncate, wrapText } from './text.js';

export type { IntentInputState } from './intent-input-state.js';

const PROMPT = '› ';
const MAX_NOTE_ROWS = 2;
export const MAX_TEXT_ROWS = 5;

/** What the input shows besides the text; derived by the app from its state. */
export interface InputDecor {
  /** Yellow note rows (a message, or the confirmation of the last submit). */
  note?: string;
  /** Dim line: `@name` candidates, the current one first-class. */
  candidates?: { names: string[]; current?: string };
  /** Dim row above the text: where Enter sends it (`→ api, web` or `editing #12`). */
  target?: string;
}

function noteRows(note: string | undefined, width: number): string[] {
  if (!note) return [];
  const rows = wrapText(note, width);
  return rows.length <= MAX_NOTE_ROWS
    ? rows
    : [...rows.slice(0, MAX_NOTE_ROWS - 1), truncate(rows.slice(MAX_NOTE_ROWS - 1).join(' '), width)];
}

export interface TextRow {
  before: string;
  /** The character under the cursor (a space at the end of a line) when the cursor is on this row. */
  at?: string;
  after: string;
}

// Printable ASCII and Latin: one cell and one grapheme per code unit, so rows are plain slices.
const NARROW = /^[\x20-\x7e\u00a0-\u02ff]*$/;

/** Rows of one logical line (its offset in the text: `start`), hard-wrapped at `room` cells. */
function lineRows(text: string, start: number, end: number, room: number): { start: number; text: string }[] {
  const line = text.slice(start, end);
  const rows: { start: number; text: string }[] = [];
  if (NARROW.test(line)) {
    for (let at = 0; at < line.length || rows.length === 0; at += room)
      rows.push({ start: start + at, text: line.slice(at, at + room) });
    return rows;
  }
  let row = '';
  let rowStart = start;
  let used = 0;
  for (const g of graphemes(line)) {
    const w = textWidth(g);
    if (used + w > room && row !== '') {
      rows.push({ start: rowStart, text: row });
      rowStart += row.length;
      row = '';
      used = 0;
    }
    row += g;
    used += w;
  }
  rows.push({ start: rowStart, text: row });
  return rows;
}

// A frame asks twice for the same text (the input's height, then its rows): a megabyte-long line is
// tested once.
let lastNarrow: { text: string; start: number; end: number; narrow: boolean } | undefined;

function isNarrowLine(text: string, start: number, end: number): boolean {
  const last = lastNarrow;
  if (last && last.text === text && last.start === start && last.end === end) return last.narrow;
  const narrow = NARROW.test(text.slice(start, end));
  lastNarrow = { text, start, end, narrow };
  return narrow;
}

/**
 * Hard-wrap the text to `width` cells per row (one cell kept free for the cursor at a row's end) and
 * keep the `maxRows` rows around the cursor. Only the lines near the cursor are wrapped (a narrow
 * line only where the window falls), so a key costs the same in a megabyte-long paste as in a word.
 */
export function textRows(state: LineState, width: number, maxRows = MAX_TEXT_ROWS): TextRow[] {
  const room = Math.max(1, width - 1);
  const { text, cursor } = state;
  const lineStart = text.lastIndexOf('\n', cursor - 1) + 1;
  const endOf = (from: number) => {
    const end = text.indexOf('\n', from);
    return end === -1 ? text.length : end;
  };
  // The cursor's line, cut to the rows the window may show when it is a long narrow one.
  const lineEnd = endOf(cursor);
  let rows: { start: number; text: string }[];
  const span = maxRows * room;
  if (lineEnd - lineStart > 4 * span && isNarrowLine(text, lineStart, lineEnd)) {
    const cursorRow = Math.floor((cursor - lineStart) / room);
    const firstRow = Math.max(0, cursorRow - maxRows);
    const from = lineStart + firstRow * room;
    rows = lineRows(text, from, Math.min(lineEnd, from + (2 * maxRows + 1) * room), room);
  } else rows = lineRows(text, lineStart, lineEnd, room);
  const startsAtLine = rows[0]!.start === lineStart;
  const endsAtLine = rows.at(-1)!.start + rows.at(-1)!.text.length === lineEnd;
  // Lines before and after, until the window cannot reach further.
  let before = lineStart;
  while (startsAtLine && before > 0 && rows.filter((r) => r.start <= cursor).length < maxRows) {
    const prevStart = text.lastIndexOf('\n', before - 2) + 1;
    rows = [...lineRows(text, prevStart, before - 1, room).slice(-maxRows), ...rows];
    before = prevStart;
  }
  let after = lineEnd;
  while (endsAtLine && after < text.length && rows.length < 2 * maxRows) {
    const nextEnd = endOf(after + 1);
    const next = lineRows(text, after + 1, nextEnd, room);
    rows = [...rows, ...next.slice(0, maxRows)];
    after = nextEnd;
    if (next.length > maxRows) break; // what follows is past any window
  }
  // The cursor belongs to the last row that starts at or before it (a full row hands it to the next).
  let cursorRow = 0;
  rows.forEach((row, i) => {
    if (row.start <= cursor) cursorRow = i;
  });
  const first = Math.max(0, Math.min(rows.length - maxRows, cursorRow - maxRows + 1));
  return rows.slice(first, first + maxRows).map((row, i) => {
    if (first + i !== cursorRow) return { before: row.text, after: '' };
    const column = cursor - row.start;
    const beforeCursor = row.text.slice(0, column);
    const rest = row.text.slice(column);
    const at = graphemes(rest.slice(0, 32))[0] ?? ' ';
    return { before: beforeCursor, at, after: rest === '' ? '' : rest.slice(at.length) };
  });
}

/** Rows the input takes in a pane whose text is `width` cells wide. */
export function intentInputRows(
  input: IntentInputState | undefined,
  width: number,
  decor: InputDecor = {},
): number {
  if (!input) return 0;
  const field = Math.max(1, width - PROMPT.length);
  const extra = (decor.target ? 1 : 0) + (decor.candidates ? 1 : 0);
  return noteRows(decor.note, width).length + extra + textRows(input, field).length;
}

function Row({ children }: { children: ReactNode }) {
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate-end">{children}</Text>
    </Box>
  );
}

export function IntentInput(props: { input: IntentInputState; width: number; decor?: InputDecor }) {
  const { input, width, decor = {} } = props;
  const fieldWidth = Math.max(1, width - PROMPT.length);
  const rows = textRows(input, fieldWidth);
  const candidates = decor.candidates;
  const hint =
    input.mode.kind === 'edit' ? ' Enter saves · Esc closes' : ' Enter queues · Tab steers · Esc closes';
  return (
    <Box flexDirection="column" flexShrink={0}>
      {noteRows(decor.note, width).map((row) => (
        <Row key={row}>
          <Text color="yellow">{row}</Text>
        </Row>
      ))}
      {decor.target ? (
        <Row>
          <Text dimColor>{decor.target}</Text>
        </Row>
      ) : null}
      {candidates ? (
        <Row>
          {candidates.names.map((name) => (
            <Text key={name} dimColor={name !== candidates.current} bold={name === candidates.current}>
              @{name}
              {'  '}
            </Text>
          ))}
        </Row>
      ) : null}
      {rows.map((row, i) => (
        // Rows are positional: a window onto the text.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Row key={i}>
          <Text color="cyan">{i === 0 ? PROMPT : '  '}</Text>
          {row.before}
          {row.at !== undefined ? <Text inverse>{row.at}</Text> : null}
          {row.after}
          {input.text === '' ? <Text dimColor>{truncate(hint, fieldWidth - 1)}</Text> : null}
        </Row>
      ))}
    </Box>
  );
}
