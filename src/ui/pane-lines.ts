// Turn a pane's conversation lines into screen rows of a given width, and take only the rows on
// screen: a 10,000-line context must cost no more per frame than the rows it shows.
import type { PaneLine } from '../core/pane-state.js';
import { cleanText, elide, truncate, wrapText } from './text.js';

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

// Lines are immutable snapshots, so their rows at a width can be kept until the line is dropped.
const cache = new WeakMap<PaneLine, { key: string; rows: PaneRow[] }>();

export function lineRows(line: PaneLine, width: number, mode: RowMode = 'grid'): PaneRow[] {
  // Tool output is for the zoomed pane; the grid keeps one row per tool call.
  if (line.kind === 'output' && mode === 'grid') return [];
  const key = `${mode}:${width}`;
  const hit = cache.get(line);
  if (hit && hit.key === key) return hit.rows;
  const prefix = PREFIX[line.kind];
  const indent = ' '.repeat(prefix.length);
  const shown = mode === 'whole' && line.full !== undefined ? line.full : line.text;
  const text = cleanText(elide(shown, MAX_SHOWN_CHARS));
  const room = Math.max(1, width - prefix.length);
  const wrapped =
    line.kind === 'tool' && mode === 'grid'
      ? [truncate(text.split('\n')[0] ?? '', room)]
      : wrapText(text, room);
  const rows = wrapped.map((row, i) => ({ kind: line.kind, text: (i === 0 ? prefix : indent) + row }));
  cache.set(line, { key, rows });
  return rows;
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
