// Streamed text is cleaned and wrapped once, incrementally: every step of a stream gives the rows that
// wrapping the whole text gives, and cleaning + wrapping stays linear in the text's length.
import { describe, expect, it } from 'vitest';
import type { PaneLine } from '../../src/core/pane-state.js';
import { wrapGrown, wrapWhole } from '../../src/ui/growing-text.js';
import { lineRows, MAX_SHOWN_CHARS } from '../../src/ui/pane-lines.js';
import { cleanText, wrapText } from '../../src/ui/text.js';

/** A small deterministic generator (the same "random" text on every run). */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 48271) % 2147483647; // Park–Miller: exact in doubles
    return state % n;
  };
}

const PIECES = [
  'word',
  'retry',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  'src/agent/retry.ts',
  'x'.repeat(45),
  '漢字',
  '👍🏽',
  'e\u0301',
  '   indented',
  'computeDelay()',
];

describe('growing text', () => {
  it('gives at every step of a stream the rows of wrapping the whole text', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const next = random(seed);
      const width = 5 + next(30);
      let text = '';
      let wrapped = wrapWhole('', width, MAX_SHOWN_CHARS);
      for (let step = 0; step < 150; step++) {
        let delta = '';
        const parts = 1 + next(3);
        for (let p = 0; p < parts; p++) delta += PIECES[next(PIECES.length)];
        // Deltas cut anywhere, even inside a word or a run of spaces.
        if (next(4) === 0) delta = delta.slice(0, 1 + next(delta.length));
        text += delta;
        wrapped = wrapGrown(wrapped, text, MAX_SHOWN_CHARS) ?? wrapWhole(text, width, MAX_SHOWN_CHARS);
        expect(wrapped.rows, `seed ${seed}, width ${width}, step ${step}`).toEqual(
          wrapText(cleanText(text), width),
        );
      }
    }
  });

  it('falls back to wrapping whole when a control sequence arrives', () => {
    const start = wrapWhole('progress 10%', 20, MAX_SHOWN_CHARS);
    expect(wrapGrown(start, 'progress 10%\r\u001b[32mprogress 90%', MAX_SHOWN_CHARS)).toBeUndefined();
    const line: PaneLine = { kind: 'assistant', text: 'progress 10%' };
    lineRows(line, 20, 'full');
    const redrawn: PaneLine = { kind: 'assistant', text: 'progress 10%\r\u001b[32mprogress 90%' };
    expect(lineRows(redrawn, 20, 'full').map((r) => r.text)).toEqual(['progress 90%']);
  });

  it('streams an answer into a pane line by line with the same rows as drawing it at once', () => {
    const words = Array.from({ length: 400 }, (_, i) => (i % 37 === 36 ? 'end.\n\n' : `w${i % 11} `));
    let text = '';
    for (const word of words) {
      text += word;
      lineRows({ kind: 'assistant', text }, 30, 'grid');
    }
    const streamed = lineRows({ kind: 'assistant', text }, 30, 'grid');
    expect(streamed.map((r) => r.text)).toEqual(wrapText(cleanText(text), 30));
  });

  it('cleans and wraps a 1 MB line in linear time (10× the text within ~10× the time)', () => {
    // CPU time, not wall time: waiting for a core on a loaded machine is not the code's cost.
    const time = (text: string) => {
      const started = process.cpuUsage();
      wrapWhole(text, 80, Number.POSITIVE_INFINITY);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    };
    for (const unit of ['QmFzZTY0', 'some words ', '漢字👍🏽', 'progress\r']) {
      const small = unit.repeat(Math.ceil(100_000 / unit.length));
      const large = unit.repeat(Math.ceil(1_000_000 / unit.length));
      time(small); // warm up the JIT
      // The fastest of interleaved runs: what the code costs, not what a garbage collection costs.
      let [smallBest, largeBest] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
      for (let run = 0; run < 5; run++) {
        smallBest = Math.min(smallBest, time(small));
        largeBest = Math.min(largeBest, time(large));
      }
      const ratio = largeBest / Math.max(smallBest, 0.05);
      // Linear is ~10; quadratic would be ~100. The bound leaves room for a loaded machine.
      expect(ratio, `${JSON.stringify(unit)}: 10× the text took ${ratio.toFixed(1)}× the time`).toBeLessThan(
        35,
      );
    }
  });
});
