import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import cellWidth, { ONE_CELL, TWO_CELL } from '../../src/ui/cell-width.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Every code point the class of `ONE_CELL` (or `TWO_CELL`) lists, read from its source. */
function oneCellCodePoints(of: RegExp = ONE_CELL): number[] {
  const body = of.source.slice(2, -3); // between `^[` and `]*$`
  const points: number[] = [];
  for (const [, from, to] of body.matchAll(/\\u([0-9a-f]{4})(?:-\\u([0-9a-f]{4}))?/g)) {
    const start = Number.parseInt(from!, 16);
    for (let point = start; point <= Number.parseInt(to ?? from!, 16); point++) points.push(point);
  }
  return points;
}

describe('cellWidth', () => {
  it('lists only characters string-width counts as one cell, each its own grapheme beside any other', () => {
    const points = oneCellCodePoints();
    expect(points.length).toBeGreaterThan(2500);
    for (const point of points) {
      const char = String.fromCodePoint(point);
      expect([point, stringWidth(char)]).toEqual([point, 1]);
      expect([point, [...segmenter.segment(`a${char}│${char}a`)].length]).toEqual([point, 5]);
    }
  });

  it('lists as two cells only characters string-width counts so, each its own grapheme beside any other', () => {
    const points = oneCellCodePoints(TWO_CELL);
    expect(points.length).toBeGreaterThan(30_000);
    for (const point of points) {
      const char = String.fromCodePoint(point);
      expect(point).toBeGreaterThanOrEqual(0x3000);
      expect([point, stringWidth(char)]).toEqual([point, 2]);
      expect([point, [...segmenter.segment(`a${char}${char}漢가│${char}a`)].length]).toEqual([point, 8]);
    }
    // and never glued to a one-cell neighbour: each of those beside a wide character
    for (const point of oneCellCodePoints()) {
      const char = String.fromCodePoint(point);
      expect([point, [...segmenter.segment(`漢${char}가${char}ア`)].length]).toEqual([point, 5]);
    }
  });

  it('gives string-width’s number for wide, zero-width, styled and mixed text, first call and repeated', () => {
    const samples = [
      '',
      'plain ascii',
      '│ box drawing ─ and · … ›',
      '漢字とかな',
      'mixed 漢字 and ｆｕｌｌ ｗｉｄｔｈ, 한국어 · ー',
      'が (a combining sound mark: か\u3099)',
      'e\u0301 combining',
      'soft\u00adhyphen',
      '👍🏽 family 👨‍👩‍👧 flag 🇩🇪',
      '\u001b[1mbold\u001b[22m and \u001b[31mred\u001b[39m',
      '⚠ ✓ ✗ ● ◆',
      '\u25fd\u25fe emoji presentation',
      `${'x'.repeat(5000)}漢`,
    ];
    for (const text of samples) {
      expect([text, cellWidth(text)]).toEqual([text, stringWidth(text)]);
      expect([text, cellWidth(text)]).toEqual([text, stringWidth(text)]);
      expect(cellWidth(text, { countAnsiEscapeCodes: true })).toBe(
        stringWidth(text, { countAnsiEscapeCodes: true }),
      );
    }
  });
});
