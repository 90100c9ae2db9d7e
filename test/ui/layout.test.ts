import { describe, expect, it } from 'vitest';
import {
  gridLayout,
  keepRowVisible,
  MIN_PANE_HEIGHT,
  MIN_PANE_WIDTH,
  moveFocus,
  split,
} from '../../src/ui/layout.js';

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('gridLayout', () => {
  const sizes = [
    [80, 22],
    [120, 38],
    [200, 48],
    [60, 18],
    [160, 43],
  ] as const;

  for (const [width, height] of sizes) {
    for (const count of [1, 3, 7, 20]) {
      it(`fills ${width}x${height} exactly with ${count} panes of readable size`, () => {
        const layout = gridLayout(width, height, count);
        expect(sum(layout.widths)).toBe(width);
        expect(sum(layout.heights)).toBe(height);
        expect(layout.heights).toHaveLength(layout.visibleRows);
        expect(layout.columns).toBeGreaterThanOrEqual(1);
        expect(layout.columns).toBeLessThanOrEqual(4);
        expect(Math.max(...layout.widths) - Math.min(...layout.widths)).toBeLessThanOrEqual(1);
        expect(Math.max(...layout.heights) - Math.min(...layout.heights)).toBeLessThanOrEqual(1);
        if (layout.columns > 1) expect(Math.min(...layout.widths)).toBeGreaterThanOrEqual(MIN_PANE_WIDTH);
        if (layout.visibleRows > 1)
          expect(Math.min(...layout.heights)).toBeGreaterThanOrEqual(MIN_PANE_HEIGHT);
        expect(layout.totalRows).toBe(Math.ceil(count / layout.columns));
      });
    }
  }

  it('puts a single project in one full-size pane', () => {
    expect(gridLayout(120, 38, 1)).toMatchObject({
      columns: 1,
      visibleRows: 1,
      widths: [120],
      heights: [38],
    });
  });

  it('lays three projects side by side on a wide terminal', () => {
    expect(gridLayout(160, 43, 3)).toMatchObject({ columns: 3, visibleRows: 1 });
  });

  it('shows all of 20 projects on a big terminal and scrolls on a small one', () => {
    const big = gridLayout(200, 48, 20);
    expect(big.visibleRows).toBe(big.totalRows);
    const small = gridLayout(80, 22, 20);
    expect(small).toMatchObject({ columns: 2, visibleRows: 3, totalRows: 10 });
  });

  it('never goes below one column or row on a tiny terminal', () => {
    const layout = gridLayout(20, 4, 5);
    expect(layout).toMatchObject({ columns: 1, visibleRows: 1, heights: [4], widths: [20] });
  });

  it('treats an empty workspace as one slot', () => {
    expect(gridLayout(80, 22, 0).columns).toBe(1);
  });
});

describe('split', () => {
  it('spreads the remainder over the first parts', () => {
    expect(split(10, 3)).toEqual([4, 3, 3]);
    expect(split(9, 3)).toEqual([3, 3, 3]);
  });
});

describe('keepRowVisible', () => {
  it('keeps the window while the focus is inside it', () => {
    expect(keepRowVisible(2, 3, 3, 10)).toBe(2);
  });
  it('scrolls down just enough to show a focus below', () => {
    expect(keepRowVisible(0, 5, 3, 10)).toBe(3);
  });
  it('scrolls up to a focus above', () => {
    expect(keepRowVisible(4, 1, 3, 10)).toBe(1);
  });
  it('never scrolls past the last full window', () => {
    expect(keepRowVisible(9, 9, 3, 10)).toBe(7);
    expect(keepRowVisible(5, 0, 3, 2)).toBe(0);
  });
});

describe('moveFocus', () => {
  // 7 panes in 3 columns:  0 1 2 / 3 4 5 / 6
  it('cycles with next and prev', () => {
    expect(moveFocus(6, 'next', 7, 3)).toBe(0);
    expect(moveFocus(0, 'prev', 7, 3)).toBe(6);
  });
  it('moves left and right within a row only', () => {
    expect(moveFocus(3, 'left', 7, 3)).toBe(3);
    expect(moveFocus(4, 'left', 7, 3)).toBe(3);
    expect(moveFocus(2, 'right', 7, 3)).toBe(2);
    expect(moveFocus(6, 'right', 7, 3)).toBe(6);
  });
  it('moves up and down by a row, stepping into a short last row', () => {
    expect(moveFocus(4, 'up', 7, 3)).toBe(1);
    expect(moveFocus(1, 'up', 7, 3)).toBe(1);
    expect(moveFocus(1, 'down', 7, 3)).toBe(4);
    expect(moveFocus(5, 'down', 7, 3)).toBe(6);
    expect(moveFocus(6, 'down', 7, 3)).toBe(6);
  });
});
