// The editing model behind the intent input: text (possibly several lines) plus a cursor, changed by
// pure functions. History, steering and completion live in intent-input-state.ts.
import type { Key } from 'ink';
import { commandFor } from './keymap.js';

export interface LineState {
  text: string;
  /** Cursor position as a string index (always at a grapheme boundary). */
  cursor: number;
}

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

// Cursor moves look at the graphemes next to the cursor only: a key costs the same in a
// megabyte-long paste as in a word.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const NEAR = 64;

/** The grapheme holding code unit `index` (< text.length), segmenting only the text around it. */
function graphemeAt(text: string, index: number): { start: number; end: number } {
  const from = Math.max(0, index - NEAR);
  const to = Math.min(text.length, index + NEAR);
  const near = segmenter.segment(text.slice(from, to)).containing(index - from)!;
  const start = from + near.index;
  const end = start + near.segment.length;
  // A grapheme reaching the edge of the window may go on beyond it (rare: long combining runs).
  if ((start === from && from > 0) || (end === to && to < text.length)) {
    const whole = segmenter.segment(text).containing(index)!;
    return { start: whole.index, end: whole.index + whole.segment.length };
  }
  return { start, end };
}

function prevBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  return graphemeAt(text, Math.min(index, text.length) - 1).start;
}

function nextBoundary(text: string, index: number): number {
  if (index >= text.length) return text.length;
  return graphemeAt(text, index).end;
}

/** Typed or pasted text as the input keeps it: newlines kept (one intent may span lines), tabs as spaces. */
export function cleanInput(typed: string): string {
  return typed
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
}

export function insertText(state: LineState, typed: string): LineState {
  const clean = cleanInput(typed);
  if (clean === '') return state;
  const text = state.text.slice(0, state.cursor) + clean + state.text.slice(state.cursor);
  return { text, cursor: state.cursor + clean.length };
}

function lineStart(text: string, cursor: number): number {
  return text.lastIndexOf('\n', cursor - 1) + 1;
}

function lineEnd(text: string, cursor: number): number {
  const end = text.indexOf('\n', cursor);
  return end === -1 ? text.length : end;
}

/**
 * Move the cursor one logical line up or down, keeping its column where the line is long enough.
 * Undefined when it is already on the first (or last) line: the caller walks the history then.
 */
export function moveLine(state: LineState, direction: 'up' | 'down'): LineState | undefined {
  const { text, cursor } = state;
  const start = lineStart(text, cursor);
  const column = cursor - start;
  if (direction === 'up') {
    if (start === 0) return undefined;
    const prevStart = lineStart(text, start - 1);
    const target = Math.min(prevStart + column, start - 1);
    return { text, cursor: snap(text, target) };
  }
  const end = lineEnd(text, cursor);
  if (end === text.length) return undefined;
  const nextEnd = lineEnd(text, end + 1);
  return { text, cursor: snap(text, Math.min(end + 1 + column, nextEnd)) };
}

/** The nearest grapheme boundary at or before `index`. */
function snap(text: string, index: number): number {
  if (index >= text.length) return text.length;
  return graphemeAt(text, Math.max(0, index)).start;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SPACE = /\s/u;

/** The code point ending at `index` and where it starts (a surrogate pair is one). */
function before(text: string, index: number): { char: string; start: number } {
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return { char: text.slice(start, index), start };
}

/** Moves back from `index` over code points that satisfy `test`, walking only what it passes. */
function backOver(text: string, index: number, test: (char: string) => boolean): number {
  let at = index;
  while (at > 0) {
    const { char, start } = before(text, at);
    if (!test(char)) break;
    at = start;
  }
  return at;
}

function forwardOver(text: string, index: number, test: (char: string) => boolean): number {
  let at = index;
  while (at < text.length) {
    const char = String.fromCodePoint(text.codePointAt(at)!);
    if (!test(char)) break;
    at += char.length;
  }
  return at;
}

const isWord = (char: string) => WORD_CHAR.test(char);
const isSpace = (char: string) => SPACE.test(char);

/** Where Alt+B / Alt+F land: the start of the word before the cursor, the end of the word after it. */
function wordBack(text: string, cursor: number): number {
  return backOver(
    text,
    backOver(text, cursor, (c) => !isWord(c)),
    isWord,
  );
}

function wordForward(text: string, cursor: number): number {
  return forwardOver(
    text,
    forwardOver(text, cursor, (c) => !isWord(c)),
    isWord,
  );
}

/** Ctrl+W: the spaces before the cursor and the word before them (or only spaces, at a line's start). */
function deleteWordBack(state: LineState): LineState {
  const { text, cursor } = state;
  const afterSpaces = backOver(text, cursor, isSpace);
  const wordStart = backOver(text, afterSpaces, (c) => !isSpace(c));
  const from = Math.min(wordStart, afterSpaces);
  return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
}

/**
 * Apply one key press. Returns the new state, or undefined when the key is not an editing key
 * (Enter, Esc, Tab, Up/Down and the like are for the caller).
 */
export function editLine(state: LineState, input: string, key: Key): LineState | undefined {
  const { text, cursor } = state;
  switch (commandFor('input', input, key)) {
    case 'input.cursorLeft':
      return { text, cursor: prevBoundary(text, cursor) };
    case 'input.cursorRight':
      return { text, cursor: nextBoundary(text, cursor) };
    case 'input.cursorStart':
      return { text, cursor: lineStart(text, cursor) };
    case 'input.cursorEnd':
      return { text, cursor: lineEnd(text, cursor) };
    case 'input.deleteBack': {
      const from = prevBoundary(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'input.deleteForward': {
      const to = nextBoundary(text, cursor);
      return { text: text.slice(0, cursor) + text.slice(to), cursor };
    }
    case 'input.deleteWord':
      return deleteWordBack(state);
    case 'input.deleteToStart': {
      const from = lineStart(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'input.deleteToEnd':
      return { text: text.slice(0, cursor) + text.slice(lineEnd(text, cursor)), cursor };
    case 'input.wordLeft':
      return { text, cursor: wordBack(text, cursor) };
    case 'input.wordRight':
      return { text, cursor: wordForward(text, cursor) };
    case 'input.newline':
      return insertText(state, '\n');
    case undefined:
      break;
    default:
      return undefined;
  }
  if (key.ctrl || key.escape || key.return || key.tab || input === '') return undefined;
  // Alt+letter arrives as meta with the letter: not text.
  if (key.meta && input.length === 1) return undefined;
  return insertText(state, input);
}
