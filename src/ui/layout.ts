// Grid geometry: how many pane columns, how tall each pane is, which grid rows are on screen, and
// where the arrow keys take the focus. Pure, so every size can be tested without a terminal.

export const MIN_PANE_WIDTH = 30;
export const MIN_PANE_HEIGHT = 6;
export const MAX_COLUMNS = 4;
/** Terminal cells are about twice as tall as wide: a pane looks balanced near width = 2.5 × height. */
const CELL_ASPECT = 2.5;

export interface GridLayout {
  /** Pane columns (1–4). */
  columns: number;
  /** Grid rows needed for every project. */
  totalRows: number;
  /** Grid rows on screen at once. */
  visibleRows: number;
  /** Width of each pane column; they differ by at most one cell and sum to the width. */
  widths: number[];
  /** Height of each visible grid row; they differ by at most one cell and sum to the height. */
  heights: number[];
}

/** Split `total` cells into `parts` sizes that differ by at most one (the first ones get the extra). */
export function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Choose the grid for `count` panes in a `width` × `height` area. First show as many panes as fit
 * (scrolling hides the rest, so fewer hidden panes wins), then prefer the layout whose panes are the
 * most readable (the smaller of width and scaled height), discounted for empty slots in the last row.
 */
export function gridLayout(width: number, height: number, count: number): GridLayout {
  const panes = Math.max(1, count);
  let best: { layout: GridLayout; shown: number; score: number } | undefined;
  for (let columns = 1; columns <= Math.min(MAX_COLUMNS, panes); columns++) {
    const paneWidth = Math.floor(width / columns);
    if (columns > 1 && paneWidth < MIN_PANE_WIDTH) break;
    const totalRows = Math.ceil(panes / columns);
    const visibleRows = Math.max(1, Math.min(totalRows, Math.floor(height / MIN_PANE_HEIGHT)));
    const shown = Math.min(panes, visibleRows * columns);
    const paneHeight = Math.floor(height / visibleRows);
    const filled = shown / (visibleRows * columns);
    const score = Math.min(paneWidth, paneHeight * CELL_ASPECT) * filled;
    if (!best || shown > best.shown || (shown === best.shown && score > best.score)) {
      const layout = {
        columns,
        totalRows,
        visibleRows,
        widths: split(width, columns),
        heights: split(height, visibleRows),
      };
      best = { layout, shown, score };
    }
  }
  // The loop always runs for columns = 1.
  return best!.layout;
}

/**
 * The first grid row on screen so that `focusRow` is visible, moving as little as possible from
 * `firstRow` (the grid scrolls with the focus, it does not page).
 */
export function keepRowVisible(
  firstRow: number,
  focusRow: number,
  visibleRows: number,
  totalRows: number,
): number {
  let first = firstRow;
  if (focusRow < first) first = focusRow;
  if (focusRow >= first + visibleRows) first = focusRow - visibleRows + 1;
  return Math.max(0, Math.min(first, totalRows - visibleRows));
}

export type FocusMove = 'next' | 'prev' | 'left' | 'right' | 'up' | 'down';

/** Where a focus move lands in a grid of `count` panes laid out row by row in `columns` columns. */
export function moveFocus(index: number, move: FocusMove, count: number, columns: number): number {
  if (count <= 0) return 0;
  const column = index % columns;
  switch (move) {
    case 'next':
      return (index + 1) % count;
    case 'prev':
      return (index - 1 + count) % count;
    case 'left':
      return column > 0 ? index - 1 : index;
    case 'right':
      return column < columns - 1 && index + 1 < count ? index + 1 : index;
    case 'up':
      return index - columns >= 0 ? index - columns : index;
    case 'down': {
      if (index + columns < count) return index + columns;
      // The last row may be short: step down to its last pane rather than not at all.
      const lastRowStart = Math.floor((count - 1) / columns) * columns;
      return index < lastRowStart ? count - 1 : index;
    }
  }
}
