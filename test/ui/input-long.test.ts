// The input editor holding a long paste: what a key does there is what it did when every row was
// wrapped (the old way, kept here as the reference), and a key costs a small part of that wrap.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { textRows } from '../../src/ui/intent-input.js';
import { NO_KEY } from '../../src/ui/key-split.js';
import { editLine, type LineState } from '../../src/ui/line-editor.js';
import { graphemes, textWidth } from '../../src/ui/text.js';

/** Every row of every line wrapped, then the window around the cursor: what textRows must equal. */
function referenceRows(state: LineState, width: number, maxRows = 5) {
  const room = Math.max(1, width - 1);
  const rows: { start: number; text: string }[] = [];
  let offset = 0;
  for (const line of state.text.split('\n')) {
    let row = '';
    let rowStart = offset;
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
    offset += line.length + 1;
  }
  let cursorRow = 0;
  rows.forEach((row, i) => {
    if (row.start <= state.cursor) cursorRow = i;
  });
  const first = Math.max(0, Math.min(rows.length - maxRows, cursorRow - maxRows + 1));
  return rows.slice(first, first + maxRows).map((row, i) => {
    if (first + i !== cursorRow) return { before: row.text, after: '' };
    const column = state.cursor - row.start;
    const rest = row.text.slice(column);
    const at = graphemes(rest)[0] ?? ' ';
    return { before: row.text.slice(0, column), at, after: rest === '' ? '' : rest.slice(at.length) };
  });
}

function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 48271) % 2147483647; // Park–Miller: exact in doubles
    return state % n;
  };
}

const PIECES = ['a', 'word ', '  ', '\n', '漢', '👍🏽', 'e\u0301', 'x'.repeat(120), '-', '_id', 'é'];
const key = (overrides: Partial<Key>): Key => ({ ...NO_KEY, ...overrides });
const KEYS: [string, Key][] = [
  ['', key({ leftArrow: true })],
  ['', key({ rightArrow: true })],
  ['', key({ backspace: true })],
  ['', key({ delete: true })],
  ['b', key({ meta: true })],
  ['f', key({ meta: true })],
  ['w', key({ ctrl: true })],
  ['z', NO_KEY],
];

describe('input editor with long text', () => {
  it('shows the rows around the cursor as wrapping every row did, wherever the cursor is', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      let text = '';
      const parts = 20 + next(200);
      for (let p = 0; p < parts; p++) text += PIECES[next(PIECES.length)];
      if (seed === 5) text = 'y'.repeat(5000) + text; // a long narrow line: cut to the window
      const width = 4 + next(40);
      for (let probe = 0; probe < 60; probe++) {
        const cursor = Math.min(text.length, next(text.length + 2));
        const state = { text, cursor: graphemes(text.slice(0, cursor)).join('').length };
        expect(textRows(state, width), `seed ${seed}, width ${width}, cursor ${cursor}`).toEqual(
          referenceRows(state, width),
        );
      }
    }
  });

  it('moves and deletes by grapheme and word as before, keys one after another', () => {
    const next = random(7);
    let state: LineState = { text: 'fix the retry-helper, then 漢字 👍🏽 tests\n  next line_2 é', cursor: 0 };
    state = { ...state, cursor: state.text.length };
    const seen = new Set<string>();
    for (let step = 0; step < 200; step++) {
      const [input, k] = KEYS[next(KEYS.length)]!;
      state = editLine(state, input, k) ?? state;
      expect(state.cursor).toBeGreaterThanOrEqual(0);
      expect(state.cursor).toBeLessThanOrEqual(state.text.length);
      // The cursor always stands between graphemes.
      expect(graphemes(state.text.slice(0, state.cursor)).join('').length).toBe(state.cursor);
      seen.add(state.text);
    }
    expect(seen.size).toBeGreaterThan(20);
    expect(editLine({ text: 'foo bar  ', cursor: 9 }, 'w', key({ ctrl: true }))).toEqual({
      text: 'foo ',
      cursor: 4,
    });
    expect(editLine({ text: 'foo-bar baz', cursor: 7 }, 'b', key({ meta: true }))?.cursor).toBe(4);
    expect(editLine({ text: 'foo-bar baz', cursor: 3 }, 'f', key({ meta: true }))?.cursor).toBe(7);
    expect(editLine({ text: 'a👍🏽b', cursor: 5 }, '', key({ leftArrow: true }))?.cursor).toBe(1);
  });

  it('spends a small part of one wrap of the text on a key in a 1 MB paste', () => {
    const text = 'QmFzZTY0 '.repeat(Math.ceil(1_000_000 / 9));
    const cpu = (work: () => void) => {
      // CPU time, the fastest of a few runs: not what the machine's other load costs.
      let best = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const started = process.cpuUsage();
        work();
        const used = process.cpuUsage(started);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    let state: LineState = { text, cursor: Math.floor(text.length / 2) };
    const perKey =
      cpu(() => {
        for (const [input, k] of KEYS) {
          state = editLine(state, input, k) ?? state;
          textRows(state, 80);
        }
      }) / KEYS.length;
    const wrapAll = cpu(() => referenceRows(state, 80));
    // Wrapping every row on every key (what the input did) would make the two about equal.
    expect(perKey * 20, `a key ${perKey.toFixed(2)} ms, one wrap ${wrapAll.toFixed(1)} ms`).toBeLessThan(
      wrapAll,
    );
  });
});
