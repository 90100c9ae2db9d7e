// Terminal cells of a string, exactly as `string-width` counts them, without its cost on the text a
// frame is made of. The bundle gives Ink and its helpers this module for `string-width`
// (`scripts/bundle-patches.mjs`): Ink measures every row and every character of every frame anew, and
// box drawing (`│`) on every row keeps string-width off its ASCII fast path, into Intl.Segmenter and
// Unicode regexes per grapheme.
import stringWidth from 'string-width';

// Code points that are one cell and their own grapheme next to any other of them (no marks, joiners,
// format characters, Hangul jamo or emoji presentation): a string of only these is as wide as it is
// long. Printable ASCII, Latin, Greek, Cyrillic, punctuation, currency, letterlike symbols, arrows,
// maths, technical, box drawing, geometric shapes, symbols, dingbats, braille; every one of them is
// checked against string-width by test/ui/cell-width.test.ts.
export const ONE_CELL =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u04ff\u2010-\u2027\u202f-\u205e\u20a0-\u20c0\u2100-\u214f\u2190-\u2319\u231c-\u2328\u232b-\u23e8\u23ed-\u23ef\u23f1-\u23f2\u23f4-\u23ff\u2460-\u25fc\u25ff-\u2613\u2616-\u262f\u2638-\u2647\u2654-\u267e\u2680-\u2689\u2690-\u2692\u2694-\u26a0\u26a2-\u26a9\u26ac-\u26bc\u26bf-\u26c3\u26c6-\u26cd\u26cf-\u26d3\u26d5-\u26e9\u26eb-\u26f1\u26f4\u26f6-\u26f9\u26fb-\u26fc\u26fe-\u2704\u2706-\u2709\u270c-\u2727\u2729-\u274b\u274d\u274f-\u2752\u2756\u2758-\u2794\u2798-\u27af\u27b1-\u27be\u2800-\u28ff]*$/;

// Code points two cells wide that are their own grapheme beside any other of them or of ONE_CELL's:
// hiragana and katakana (without their combining sound marks), CJK ideographs (Extension A and the
// unified block), Hangul syllables, fullwidth ASCII forms. Every one of them at or above U+3041, above
// all of ONE_CELL's: in a string of only these and ONE_CELL's, a code unit from U+3000 on is two cells.
const TWO_CELL_CLASS =
  '\\u3041-\\u3096\\u30a1-\\u30fa\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7a3\\uff01-\\uff60';
export const TWO_CELL = new RegExp(`^[${TWO_CELL_CLASS}]*$`);
/** Text of ONE_CELL's and TWO_CELL's characters only: a grapheme per code unit, 1 or 2 cells (`unitCells`). */
export const ONE_OR_TWO_CELLS = new RegExp(`^[${ONE_CELL.source.slice(2, -3)}${TWO_CELL_CLASS}]*$`);

/** Cells of the code unit `code` of a string ONE_OR_TWO_CELLS matches. */
export const unitCells = (code: number) => (code >= 0x3000 ? 2 : 1);

/** Cells of a string ONE_OR_TWO_CELLS matches. */
function oneOrTwoWidth(text: string): number {
  let width = text.length;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x3000) width++;
  return width;
}

// Frames repeat their rows: the widths of recent other strings (styled rows, wide text), bounded.
const remembered = new Map<string, number>();
const REMEMBERED_MAX = 8192;
const REMEMBERED_LONGEST = 1024;

/** `stringWidth(text, options)`, the same number; plain calls are fast for one-cell text and repeats. */
export default function cellWidth(text: string, options?: Parameters<typeof stringWidth>[1]): number {
  if (options !== undefined) return stringWidth(text, options);
  if (typeof text !== 'string') return 0;
  if (ONE_CELL.test(text)) return text.length;
  // Chinese, Japanese or Korean text: no string-width (whose first call compiles ~20 ms of regexes).
  if (ONE_OR_TWO_CELLS.test(text)) return oneOrTwoWidth(text);
  if (text.length > REMEMBERED_LONGEST) return stringWidth(text);
  let width = remembered.get(text);
  if (width === undefined) {
    width = stringWidth(text);
    if (remembered.size >= REMEMBERED_MAX) remembered.clear();
    remembered.set(text, width);
  }
  return width;
}
