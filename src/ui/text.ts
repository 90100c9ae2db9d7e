// Terminal text helpers: strip control sequences, measure cells, truncate and wrap to a width, so the
// UI can size rows before React sees them. Cell widths come from `string-width` (the package Ink
// measures with, so our sizes agree with its layout) through `cell-width.ts`; graphemes from `Intl.Segmenter`.
// `wrap-ansi` was measured and not used: it trims a code line's indentation (or keeps spaces at
// every wrap point) and is ~5x slower on a 10,000-line history; our text is already plain.
import { stripVTControlCharacters } from 'node:util';
import { stripControls } from '../sanitize.js';
import cellWidth, { ONE_CELL, ONE_OR_TWO_CELLS, unitCells } from './cell-width.js';

const TAB = '  ';
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Agent and command output may carry colours, cursor moves, tabs and carriage returns: keep plain text. */
export function cleanText(text: string): string {
  const plain = stripVTControlCharacters(text).replace(/\t/g, TAB);
  return stripControls(plain.includes('\r') ? lastRedraws(plain) : plain);
}

/**
 * A carriage return redraws its line (progress bars): keep what the terminal would show last, that is
 * what follows the last `\r` that has text after it. Line by line, in linear time (a regex such as
 * `[^\n]*\r(?=…)` rescans a long line from every position).
 */
function lastRedraws(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && line[end - 1] === '\r') end--;
      const last = line.lastIndexOf('\r', end - 1);
      return last === -1 ? line : line.slice(last + 1);
    })
    .join('\n');
}

/**
 * Text longer than `max` characters keeps its head and tail around a note of what is not shown, cut at
 * grapheme boundaries: what a pane wraps per frame stays bounded however long an intent or answer is.
 */
export function elide(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = graphemeStart(text, Math.floor(max * 0.75));
  const tail = graphemeStart(text, text.length - Math.floor(max * 0.25));
  // Grouped by hand: the first toLocaleString of a process sets up ICU's number format (~5 ms).
  const hidden = String(tail - head).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${text.slice(0, head)}\n… ${hidden} characters not shown (shipyard log has them all) …\n${text.slice(tail)}`;
}

// Segmenting a string hands all of it to ICU (a megabyte copied per call): look only at the code units
// around `index`. A grapheme boundary depends on its neighbours, so a window of 1 KiB before it gives
// the boundary the whole text gives, but for a grapheme cluster (or run of flags) longer than that.
const GRAPHEME_WINDOW = 1024;

/** The start of the grapheme that holds code unit `index`. */
function graphemeStart(text: string, index: number): number {
  const from = Math.max(0, index - GRAPHEME_WINDOW);
  const near = text.slice(from, Math.min(text.length, index + GRAPHEME_WINDOW));
  const start = graphemeSegmenter.segment(near).containing(index - from)?.index;
  return start === undefined ? index : from + start;
}

/** The user-perceived characters of `text` (an emoji with its modifiers is one). */
export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/** Cells `text` takes in a terminal. */
export function textWidth(text: string): number {
  return cellWidth(text);
}

// Long text repeats few distinct graphemes: remember their widths (string-width costs µs a call).
const widths = new Map<string, number>();

function graphemeWidth(grapheme: string): number {
  let width = widths.get(grapheme);
  if (width === undefined) {
    width = textWidth(grapheme);
    if (widths.size >= 4096) widths.clear();
    widths.set(grapheme, width);
  }
  return width;
}

/** Cut `text` to `width` cells, ending with `…` when something was cut. Reads no further than it shows. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const head = text.slice(0, width + 1);
  if (ONE_CELL.test(head)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
  if (ONE_OR_TWO_CELLS.test(head)) return truncateUnits(text, head, width);
  let used = 0;
  let fitsWithEllipsis = 0;
  for (const { segment, index } of graphemeSegmenter.segment(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width) return `${text.slice(0, fitsWithEllipsis)}…`;
    used += w;
    if (used <= width - 1) fitsWithEllipsis = index + segment.length;
  }
  return text;
}

/** `truncate` of text whose first `width + 1` code units (`head`) are a grapheme each, 1 or 2 cells. */
function truncateUnits(text: string, head: string, width: number): string {
  let used = 0;
  let fitsWithEllipsis = 0;
  for (let i = 0; i < head.length; i++) {
    const w = unitCells(head.charCodeAt(i));
    if (used + w > width) return `${text.slice(0, fitsWithEllipsis)}…`;
    used += w;
    if (used <= width - 1) fitsWithEllipsis = i + 1;
  }
  return text; // shorter than `width + 1` code units, and it fits
}

/** Cells of `text`, counted no further than `limit + 1`: what wrapping needs to know of a huge word. */
function widthUpTo(text: string, limit: number): number {
  if (ONE_CELL.test(text)) return text.length;
  if (ONE_OR_TWO_CELLS.test(text)) {
    let used = 0;
    for (let i = 0; i < text.length && used <= limit; i++) used += unitCells(text.charCodeAt(i));
    return used;
  }
  let used = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) {
    used += graphemeWidth(segment);
    if (used > limit) break;
  }
  return used;
}

/** Pad with spaces (or cut) to exactly `width` cells. */
export function padTo(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + ' '.repeat(Math.max(0, width - textWidth(cut)));
}

/**
 * Break a word into rows of at most `width` cells (each at least one grapheme), walking it once: a
 * megabyte without a space costs linear time. Narrow text is cut by length, one cell per code unit.
 */
export function breakWord(word: string, width: number): string[] {
  const step = Math.max(1, width);
  if (ONE_CELL.test(word)) {
    const rows: string[] = [];
    for (let i = 0; i < word.length; i += step) rows.push(word.slice(i, i + step));
    return rows.length > 0 ? rows : [''];
  }
  if (ONE_OR_TWO_CELLS.test(word)) return breakUnits(word, step);
  const rows: string[] = [];
  let start = 0;
  let used = 0;
  for (const { segment, index } of graphemeSegmenter.segment(word)) {
    const w = graphemeWidth(segment);
    if (used + w > step && index > start) {
      rows.push(word.slice(start, index));
      start = index;
      used = 0;
    }
    used += w;
  }
  rows.push(word.slice(start));
  return rows;
}

/** `breakWord` of a word whose code units are a grapheme each, 1 or 2 cells (CJK text): no segmenter. */
function breakUnits(word: string, step: number): string[] {
  const rows: string[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < word.length; i++) {
    const w = unitCells(word.charCodeAt(i));
    if (used + w > step && i > start) {
      rows.push(word.slice(start, i));
      start = i;
      used = 0;
    }
    used += w;
  }
  rows.push(word.slice(start));
  return rows;
}

/**
 * Word-wrap one logical line (no newlines) into rows of at most `width` cells. Words longer than a row
 * are broken hard; leading indentation stays. An empty line gives one empty row so blank lines keep
 * their place.
 */
export function wrapLine(line: string, width: number): string[] {
  return wrapLineTracked(line, width).rows;
}

/**
 * `wrapLine`, also saying where (a code unit offset in `line`) its last row starts. Rows are filled
 * greedily, so text appended to the line changes nothing before that offset: re-wrapping from there
 * (`growing-text.ts`) gives the rows of the whole line.
 */
export function wrapLineTracked(line: string, width: number): { rows: string[]; lastStart: number } {
  if (width <= 0) return { rows: [], lastStart: 0 };
  const rows: string[] = [];
  let lastStart = 0;
  let row = '';
  let rowStart = 0;
  let rowWidth = 0;
  let at = 0;
  const push = (text: string) => {
    rows.push(text);
    lastStart = rowStart;
  };
  // One token at a time (runs of spaces, runs of the rest): a megabyte of words allocates no array.
  const tokens = /\s+|\S+/gy;
  for (let match = tokens.exec(line); match !== null; match = tokens.exec(line)) {
    const token = match[0];
    const tokenStart = at;
    at += token.length;
    const isSpace = /^\s/.test(token);
    const tokenWidth = widthUpTo(token, width);
    if (rowWidth + tokenWidth <= width) {
      row += token;
      rowWidth += tokenWidth;
      continue;
    }
    if (isSpace) {
      // A break swallows the spaces at the wrap point.
      push(row.trimEnd());
      row = '';
      rowStart = at;
      rowWidth = 0;
      continue;
    }
    if (row.trim() !== '') push(row.trimEnd());
    const pieces = breakWord(token, width);
    rowStart = tokenStart;
    for (let i = 0; i < pieces.length - 1; i++) {
      push(pieces[i]!);
      rowStart += pieces[i]!.length;
    }
    row = pieces.at(-1)!;
    rowWidth = textWidth(row);
  }
  if (row !== '' || rows.length === 0) push(row.trimEnd());
  return { rows, lastStart };
}

/** Wrap text that may hold newlines. */
export function wrapText(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => wrapLine(line, width));
}
