// Terminal text helpers: strip control sequences, measure cells, truncate and wrap to a width, so the
// UI can size rows before React sees them. Cell widths come from `string-width` (the package Ink
// measures with, so our sizes agree with its layout); graphemes from `Intl.Segmenter`.
// `wrap-ansi` was measured and not used: it trims a code line's indentation (or keeps spaces at
// every wrap point) and is ~5x slower on a 10,000-line history; our text is already plain.
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

const TAB = '  ';
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Agent and command output may carry colours, cursor moves, tabs and carriage returns: keep plain text. */
export function cleanText(text: string): string {
  return (
    stripVTControlCharacters(text)
      .replace(/\t/g, TAB)
      // A carriage return redraws its line (progress bars): keep what the terminal would show last.
      .replace(/[^\n]*\r(?=[^\n\r])/g, '')
      // Other C0/C1 controls would move the cursor inside a frame.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
  );
}

/** The user-perceived characters of `text` (an emoji with its modifiers is one). */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/** Cells `text` takes in a terminal. */
// Printable ASCII, Latin, general punctuation (… ·), arrows, box drawing and braille are one cell each:
// measuring them by length skips string-width's Unicode regexes, which dominate a first frame.
const NARROW = /^[\x20-\x7e\u00a0-\u02ff\u2010-\u2027\u2190-\u21ff\u2500-\u25ff\u2800-\u28ff]*$/;

export function textWidth(text: string): number {
  return NARROW.test(text) ? text.length : stringWidth(text);
}

/** Cut `text` to `width` cells, ending with `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of graphemes(text)) {
    const w = textWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

/** Pad with spaces (or cut) to exactly `width` cells. */
export function padTo(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

/** Split at the cell boundary `width`: the head fits (at least one character), the tail is the rest. */
export function splitAt(word: string, width: number): [string, string] {
  let head = '';
  let used = 0;
  let index = 0;
  for (const char of graphemes(word)) {
    const w = textWidth(char);
    if (used + w > width && head !== '') break;
    head += char;
    used += w;
    index += char.length;
  }
  return [head, word.slice(index)];
}

/**
 * Word-wrap one logical line (no newlines) into rows of at most `width` cells. Words longer than a row
 * are broken hard; leading indentation stays. An empty line gives one empty row so blank lines keep
 * their place.
 */
export function wrapLine(line: string, width: number): string[] {
  if (width <= 0) return [];
  const rows: string[] = [];
  let row = '';
  let rowWidth = 0;
  for (const token of line.split(/(\s+)/)) {
    if (token === '') continue;
    const isSpace = /^\s+$/.test(token);
    const tokenWidth = textWidth(token);
    if (rowWidth + tokenWidth <= width) {
      row += token;
      rowWidth += tokenWidth;
      continue;
    }
    if (isSpace) {
      // A break swallows the spaces at the wrap point.
      rows.push(row.trimEnd());
      row = '';
      rowWidth = 0;
      continue;
    }
    if (row.trim() !== '') rows.push(row.trimEnd());
    row = '';
    rowWidth = 0;
    let rest = token;
    while (textWidth(rest) > width) {
      const [head, tail] = splitAt(rest, width);
      rows.push(head);
      rest = tail;
    }
    row = rest;
    rowWidth = textWidth(rest);
  }
  if (row !== '' || rows.length === 0) rows.push(row.trimEnd());
  return rows;
}

/** Wrap text that may hold newlines. */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, width));
}
