// The editing model behind the intent input: text plus a cursor, changed by pure functions.
// Multi-line text, history and steering plug in here later (the keymap already names their commands).
import type { Key } from 'ink';
import { commandFor } from './keymap.js';

export interface LineState {
  text: string;
  /** Cursor position as a string index (always at a code point boundary). */
  cursor: number;
}

export const EMPTY_LINE: LineState = { text: '', cursor: 0 };

function prevBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  const code = text.charCodeAt(index - 1);
  // Step over a whole surrogate pair.
  return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? index - 2 : index - 1;
}

function nextBoundary(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? index + 2 : index + 1;
}

export function insertText(state: LineState, typed: string): LineState {
  // Pasted newlines become spaces until the input is multi-line.
  const clean = typed.replace(/\r\n?|\n/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
  if (clean === '') return state;
  const text = state.text.slice(0, state.cursor) + clean + state.text.slice(state.cursor);
  return { text, cursor: state.cursor + clean.length };
}

/**
 * Apply one key press. Returns the new state, or undefined when the key is not an editing key
 * (Enter, Esc and the like are for the caller).
 */
export function editLine(state: LineState, input: string, key: Key): LineState | undefined {
  const { text, cursor } = state;
  switch (commandFor('input', input, key)) {
    case 'input.cursorLeft':
      return { text, cursor: prevBoundary(text, cursor) };
    case 'input.cursorRight':
      return { text, cursor: nextBoundary(text, cursor) };
    case 'input.cursorStart':
      return { text, cursor: 0 };
    case 'input.cursorEnd':
      return { text, cursor: text.length };
    case 'input.deleteBack': {
      const from = prevBoundary(text, cursor);
      return { text: text.slice(0, from) + text.slice(cursor), cursor: from };
    }
    case 'input.deleteForward': {
      const to = nextBoundary(text, cursor);
      return { text: text.slice(0, cursor) + text.slice(to), cursor };
    }
    case undefined:
      break;
    default:
      return undefined;
  }
  if (key.ctrl || key.meta || key.escape || key.return || key.tab || input === '') return undefined;
  return insertText(state, input);
}
