// Terminal text helpers: strip control sequences, measure cells, truncate and wrap to a width.
// Kept here (not from Ink's transitive deps) so the UI can size rows before React sees them.
import { stripVTControlCharacters } from 'node:util';

const TAB = '  ';

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

/** Cells a code point takes: 0 for combining marks, 2 for wide CJK and emoji, else 1. */
export function charWidth(codePoint: number): number {
  if (codePoint === 0x200d || (codePoint >= 0x0300 && codePoint <= 0x036f)) return 0;
  if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0x20d0 && codePoint <= 0x20ff)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf && codePoint !== 0x303f) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** Cut `text` to `width` cells, ending with `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
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

/** Split at the cell boundary `width`: the head fits, the tail is the rest. */
function splitAt(word: string, width: number): [string, string] {
  let head = '';
  let used = 0;
  let index = 0;
  for (const char of word) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > width && head !== '') break;
    head += char;
    used += w;
    index += char.length;
  }
  return [head, word.slice(index)];
}

/**
 * Word-wrap one logical line (no newlines) into rows of at most `width` cells. Words longer than a row
 * are broken hard. An empty line gives one empty row so blank lines keep their place.
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
