// Turn a pane's conversation lines into screen rows of a given width, and take only the rows on
// screen: a 10,000-line context must cost no more per frame than the rows it shows.
import type { PaneLine } from '../core/pane-state.js';
import { type WrappedText, wrapGrown, wrapWhole } from './growing-text.js';
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
  const kept = cache.get(line);
  const hit = kept?.get(key);
  if (hit) return hit;
  const prefix = PREFIX[line.kind];
  const indent = ' '.repeat(prefix.length);
  const room = Math.max(1, width - prefix.length);
  const toRow = (row: string, i: number): PaneRow => ({
    kind: line.kind,
    text: (i === 0 ? prefix : indent) + row,
  });
  let rows: PaneRow[];
  if (line.kind === 'tool' && mode === 'grid') {
    rows = [toRow(truncate(cleanText(elide(line.text, MAX_SHOWN_CHARS)).split('\n', 1)[0]!, room), 0)];
  } else if (line.kind === 'assistant') {
    rows = grownRows(line.text, room, key, toRow);
  } else {
    const shown = mode === 'whole' && line.full !== undefined ? line.full : line.text;
    rows = wrapWhole(shown, room, MAX_SHOWN_CHARS).rows.map(toRow);
  }
  const widths = kept ?? new Map<string, PaneRow[]>();
  if (widths.size >= WIDTHS_KEPT) widths.clear();
  widths.set(key, rows);
  if (!kept) cache.set(line, widths);
  return rows;
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
 * walking back from the newest.
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
  for (; index >= 0 && total < want; index--) {
    const rows = lineRows(lines[index]!, width, mode);
    collected.push(rows);
    total += rows.length;
  }
  const all = collected.reverse().flat();
  const usedOffset = Math.min(Math.max(0, offset), Math.max(0, total - count));
  const end = all.length - usedOffset;
  const start = Math.max(0, end - count);
  return { rows: all.slice(start, end), offset: usedOffset, more: index >= 0 || start > 0 };
}

/** Rows of the whole history at `width` (for clamping a scroll position). */
export function totalRows(lines: readonly PaneLine[], width: number, mode: RowMode = 'grid'): number {
  let total = 0;
  for (const line of lines) total += lineRows(line, width, mode).length;
  return total;
}
