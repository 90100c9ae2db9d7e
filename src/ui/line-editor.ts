// The editing model behind the intent input: text (possibly several lines) plus a cursor, changed by
// pure functions. History, steering and completion live in intent-input-state.ts.
import type { Key } from 'ink';
import { commandFor } from './keymap.js';
import { graphemes } from './text.js';

export interface LineState {
  text: string;
  /** Cursor position as a string index (always at a grapheme boundary). */
  cursor: number;
}

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

/** String indexes where graphemes start, plus the end: the places a cursor may stand. */
function boundaries(text: string): number[] {
  const out = [0];
  for (const g of graphemes(text)) out.push(out.at(-1)! + g.length);
  return out;
}

function prevBoundary(text: string, index: number): number {
  const all = boundaries(text);
  for (let i = all.length - 1; i >= 0; i--) if (all[i]! < index) return all[i]!;
  return 0;
}

function nextBoundary(text: string, index: number): number {
  for (const b of boundaries(text)) if (b > index) return b;
  return text.length;
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
  const all = boundaries(text);
  let best = 0;
  for (const b of all) if (b <= index) best = b;
  return best;
}

/** Where Alt+B / Alt+F land: the start of the word before the cursor, the end of the word after it. */
function wordBack(text: string, cursor: number): number {
  return text.slice(0, cursor).replace(/[\p{L}\p{N}_]*[^\p{L}\p{N}_]*$/u, '').length;
}

function wordForward(text: string, cursor: number): number {
  const rest = text.slice(cursor);
  return cursor + (/^[^\p{L}\p{N}_]*[\p{L}\p{N}_]*/u.exec(rest)?.[0].length ?? 0);
}

function deleteWordBack(state: LineState): LineState {
  const { text, cursor } = state;
  const before = text.slice(0, cursor);
  const from = before.replace(/\S+\s*$|\s+$/, '').length;
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
