// Turn a pane's conversation lines into screen rows of a given width, and take only the rows on
// screen: a 10,000-line context must cost no more per frame than the rows it shows.
import type { PaneLine } from '../core/pane-state.js';
import { type WrappedText, wrapGrown, wrapTail, wrapWhole } from './growing-text.js';
import { cleanText, elide, truncate } from './text.js';

export interface PaneRow {
  kind: PaneLine['kind'];
  text: string;
}

/** Characters of one line a pane wraps (about 800 rows of 80 cells); longer lines show head and tail. */
export const MAX_SHOWN_CHARS = 64 * 1024;

const PREFIX: Record<PaneLine['kind'], string> = {
  user: '› ',
  assistant: '',
  tool: '',
  output: '  ',
  error: '',
  info: '',
};

/**
 * `grid`: a tool call is one row (cut to fit), no output; `full` (zoom): every line wraps in full, a
 * tool's output by its head; `whole` (zoom, Ctrl+O): tool outputs in full too.
 */
export type RowMode = 'grid' | 'full' | 'whole';

// Lines are immutable snapshots, so their rows at a width can be kept until the line is dropped
// (a few widths each: the grid's and the zoomed pane's).
const cache = new WeakMap<PaneLine, Map<string, PaneRow[]>>();
const WIDTHS_KEPT = 4;

// An answer streaming in is a new line object every frame whose text extends the previous one's:
// the last wrapped answers per mode and width, to grow from (`growing-text.ts`).
interface Grown {
  wrapped: WrappedText;
  rows: PaneRow[];
}
const growing = new Map<string, Grown[]>();
const GROWING_KEPT = 16;

export function lineRows(line: PaneLine, width: number, mode: RowMode = 'grid'): PaneRow[] {
  // Tool output is for the zoomed pane; the grid keeps one row per tool call.
  if (line.kind === 'output' && mode === 'grid') return [];
  const key = `${mode}:${width}`;
  const hit = cache.get(line)?.get(key);
  if (hit) return hit;
  const { room, toRow } = rowShape(line, width);
  let rows: PaneRow[];
  if (line.kind === 'tool' && mode === 'grid') {
    rows = [toRow(truncate(cleanText(elide(line.text, MAX_SHOWN_CHARS)).split('\n', 1)[0]!, room), 0)];
  } else if (line.kind === 'assistant') {
    rows = grownRows(line.text, room, key, toRow);
  } else {
    rows = wrapWhole(shownText(line, mode), room, MAX_SHOWN_CHARS).rows.map(toRow);
  }
  remember(cache, line, key, rows);
  return rows;
}

/** How a line's rows start: its prefix on the first, as much indent on the others. */
function rowShape(line: PaneLine, width: number) {
  const prefix = PREFIX[line.kind];
  const indent = ' '.repeat(prefix.length);
  const room = Math.max(1, width - prefix.length);
  const toRow = (row: string, i: number): PaneRow => ({
    kind: line.kind,
    text: (i === 0 ? prefix : indent) + row,
  });
  return { indent, room, toRow };
}

const shownText = (line: PaneLine, mode: RowMode) =>
  mode === 'whole' && line.full !== undefined ? line.full : line.text;

function remember(
  kept: WeakMap<PaneLine, Map<string, PaneRow[]>>,
  line: PaneLine,
  key: string,
  rows: PaneRow[],
) {
  const widths = kept.get(line) ?? new Map<string, PaneRow[]>();
  if (widths.size >= WIDTHS_KEPT) widths.clear();
  widths.set(key, rows);
  kept.set(line, widths);
}

// The last rows of lines shown only by their end (`wrapTail`): a pane showing the end of a 1 MB intent
// wraps its last logical lines, not the 64 KiB it would show zoomed to the top.
const tails = new WeakMap<PaneLine, Map<string, PaneRow[]>>();

/** The last rows of `line`, at least `need` of them or all; `complete` when they are all. */
function lineTail(line: PaneLine, width: number, mode: RowMode, need: number) {
  const key = `${mode}:${width}`;
  const whole = cache.get(line)?.get(key);
  // Answers grow from their earlier rows; in the grid a tool call is one row and its output none.
  const ownRows =
    line.kind === 'assistant' || (mode === 'grid' && (line.kind === 'output' || line.kind === 'tool'));
  if (whole || ownRows) {
    return { rows: whole ?? lineRows(line, width, mode), complete: true };
  }
  const kept = tails.get(line)?.get(key);
  if (kept && kept.length >= need) return { rows: kept, complete: false };
  const { indent, room, toRow } = rowShape(line, width);
  const tail = wrapTail(shownText(line, mode), room, MAX_SHOWN_CHARS, need);
  if (tail.complete) {
    const rows = tail.rows.map(toRow);
    remember(cache, line, key, rows);
    return { rows, complete: true };
  }
  const rows = tail.rows.map((text) => ({ kind: line.kind, text: indent + text }));
  remember(tails, line, key, rows);
  return { rows, complete: false };
}

/** An answer's rows, grown from an earlier version of it when one was wrapped at this width. */
function grownRows(text: string, room: number, key: string, toRow: (row: string, i: number) => PaneRow) {
  const list = growing.get(key) ?? [];
  const at = list.findIndex(
    ({ wrapped }) => text.length >= wrapped.source.length && text.startsWith(wrapped.source),
  );
  const previous = at >= 0 ? list[at] : undefined;
  let entry: Grown;
  if (previous && previous.wrapped.source.length === text.length) {
    entry = previous;
  } else {
    const wrapped = previous && wrapGrown(previous.wrapped, text, MAX_SHOWN_CHARS);
    if (previous && wrapped) {
      // Rows before the previous version's last row are unchanged.
      const keep = previous.rows.length - 1;
      const rows = previous.rows.slice(0, keep);
      for (let i = keep; i < wrapped.rows.length; i++) rows.push(toRow(wrapped.rows[i]!, i));
      entry = { wrapped, rows };
    } else {
      const whole = wrapWhole(text, room, MAX_SHOWN_CHARS);
      entry = { wrapped: whole, rows: whole.rows.map(toRow) };
    }
  }
  if (at >= 0) list.splice(at, 1);
  list.unshift(entry);
  if (list.length > GROWING_KEPT) list.length = GROWING_KEPT;
  growing.set(key, list);
  return entry.rows;
}

export interface RowWindow {
  rows: PaneRow[];
  /** The offset actually used: asking for more than the history holds stops at the oldest row. */
  offset: number;
  /** Rows exist above the window. */
  more: boolean;
}

/**
 * The `count` rows that end `offset` rows above the newest one. Wraps only the lines it needs,
 * walking back from the newest, and of the oldest of them only its rows from the last needed on.
 */
export function rowWindow(
  lines: readonly PaneLine[],
  width: number,
  count: number,
  offset = 0,
  mode: RowMode = 'grid',
): RowWindow {
  if (count <= 0) return { rows: [], offset: 0, more: lines.length > 0 };
  const want = count + Math.max(0, offset);
  const collected: PaneRow[][] = [];
  let total = 0;
  let index = lines.length - 1;
  let cut = false;
  for (; index >= 0 && total < want; index--) {
    const { rows, complete } = lineTail(lines[index]!, width, mode, want - total);
    collected.push(rows);
    total += rows.length;
    cut ||= !complete;
  }
  const all = collected.reverse().flat();
  const usedOffset = Math.min(Math.max(0, offset), Math.max(0, total - count));
  const end = all.length - usedOffset;
  const start = Math.max(0, end - count);
  return { rows: all.slice(start, end), offset: usedOffset, more: index >= 0 || start > 0 || cut };
}

/** Rows of the whole history at `width` (for clamping a scroll position). */
export function totalRows(lines: readonly PaneLine[], width: number, mode: RowMode = 'grid'): number {
  let total = 0;
  for (const line of lines) total += lineRows(line, width, mode).length;
  return total;
}
