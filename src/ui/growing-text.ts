// Cleaning and wrapping of text that grows at its end (an answer streaming in, word by word): the
// rows of the previous version are kept and only its last row is wrapped again with what was
// appended, so a frame costs what changed, not the length of the answer. Rows are filled greedily
// (`wrapLineTracked`), which is what makes re-wrapping from the last row's start exact.
import { cleanText, elide, wrapLineTracked } from './text.js';

export interface WrappedText {
  /** The text as given (before cleaning). */
  source: string;
  /** Rows of `cleanText(source)` at `width`. */
  rows: string[];
  width: number;
  /**
   * Set when `source` holds no control character but newline and tab (cleaning it only expands tabs,
   * so text appended to it, holding none either, can be cleaned on its own): the cleaned text from
   * the start of the last row on (a slice of the whole would copy it every frame).
   */
  lastRow?: string;
}

// What cleanText does more than expanding tabs: escape sequences, carriage returns, other controls.
const NEEDS_CLEANING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const expandTabs = (text: string) => (text.includes('\t') ? text.replace(/\t/g, '  ') : text);

/** `cleanText(text)`; text with no control character but newline and tab only has its tabs expanded. */
const cleanShown = (text: string) => (NEEDS_CLEANING.test(text) ? cleanText(text) : expandTabs(text));

/** Rows of `text` (cleaned, may hold newlines) and the offset where the last row starts. */
function wrapTracked(text: string, width: number): { rows: string[]; lastStart: number } {
  const rows: string[] = [];
  let lineStart = 0;
  let lastStart = 0;
  for (;;) {
    const end = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, end === -1 ? text.length : end);
    const wrapped = wrapLineTracked(line, width);
    for (const row of wrapped.rows) rows.push(row);
    lastStart = lineStart + wrapped.lastStart;
    if (end === -1) return { rows, lastStart };
    lineStart = end + 1;
  }
}

/** Cleans and wraps `source` whole; text longer than `maxChars` shows by head and tail (`elide`). */
export function wrapWhole(source: string, width: number, maxChars: number): WrappedText {
  const cut = elide(source, maxChars);
  if (cut !== source || NEEDS_CLEANING.test(source)) {
    return { source, rows: wrapTracked(cleanShown(cut), width).rows, width };
  }
  const clean = expandTabs(source);
  const { rows, lastStart } = wrapTracked(clean, width);
  return { source, rows, width, lastRow: clean.slice(lastStart) };
}

/**
 * `previous` grown into `source` (which starts with `previous.source`): only the last row is wrapped
 * again, with what was appended. Undefined when that is not exact (a control character arrived, the
 * text grew past what is shown whole): then wrap it whole.
 */
export function wrapGrown(previous: WrappedText, source: string, maxChars: number): WrappedText | undefined {
  if (previous.lastRow === undefined || source.length > maxChars) return undefined;
  const appended = source.slice(previous.source.length);
  if (NEEDS_CLEANING.test(appended)) return undefined;
  const text = previous.lastRow + expandTabs(appended);
  const tail = wrapTracked(text, previous.width);
  const rows = previous.rows.slice(0, -1);
  for (const row of tail.rows) rows.push(row);
  return { source, rows, width: previous.width, lastRow: text.slice(tail.lastStart) };
}

/**
 * The last rows of `wrapWhole(source, width, maxChars).rows`, at least `need` of them (all when the
 * text has no more): logical lines are wrapped from the last one up until `need` rows are filled, so a
 * pane showing the end of a long text wraps no line above what it shows. `complete`: these are all.
 */
export function wrapTail(
  source: string,
  width: number,
  maxChars: number,
  need: number,
): { rows: string[]; complete: boolean } {
  const cut = elide(source, maxChars);
  const clean = cleanShown(cut);
  const wrapped: string[][] = [];
  let count = 0;
  let end = clean.length;
  for (;;) {
    const start = end === 0 ? 0 : clean.lastIndexOf('\n', end - 1) + 1;
    const rows = wrapLineTracked(clean.slice(start, end), width).rows;
    wrapped.push(rows);
    count += rows.length;
    if (start === 0) return { rows: wrapped.reverse().flat(), complete: true };
    if (count >= need) return { rows: wrapped.reverse().flat(), complete: false };
    end = start - 1;
  }
}
