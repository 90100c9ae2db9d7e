// One stdin chunk → the keys in it, in order. Ink hands a run of plain bytes (`SAY: hi\r`, `\t\t`,
// `2ifix it`: a fast typist, a macro, tmux send-keys) to `useInput` as one string; every key of it
// must act on the state the key before it left, so the dispatcher needs them one by one. Escape
// sequences already arrive alone (Ink's parser splits them), and so do Backspace and Ctrl+C.
import type { Key } from 'ink';

/** A key with no flag set (tests build keys from it too). */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** A key as Ink would give it for this lone character. */
function keyOf(char: string, base: Key): [string, Key] {
  const key: Key = { ...NO_KEY, eventType: base.eventType };
  if (char === '\r') return ['', { ...key, return: true }];
  if (char === '\t') return ['', { ...key, tab: true }];
  // Line feed (Ctrl+J): the input's newline key, as Ink passes it.
  if (char === '\n') return ['\n', key];
  if (char === '\u007f' || char === '\b') return ['', { ...key, backspace: true }];
  const code = char.codePointAt(0)!;
  if (code < 0x20) {
    if (code === 0) return [' ', { ...key, ctrl: true }];
    return [String.fromCharCode(code + (code <= 26 ? 96 : 64)), { ...key, ctrl: true }];
  }
  return [char, { ...key, shift: char.length === 1 && /[A-Z]/.test(char) }];
}

/** Plain text (no control bytes) that an open input may take in one go. */
export const PLAIN_TEXT = /^[^\u0000-\u001f\u007f]+$/u;

/**
 * The pieces of one `useInput` event: runs of plain text, and each control byte as its own key.
 * A lone key, an escape sequence or a key with modifiers comes back as it was.
 */
export function splitChunk(input: string, key: Key): { text: string; key: Key }[] {
  if (input.length < 2 || input.startsWith('\u001b') || key.meta || hasNamedKey(key))
    return [{ text: input, key }];
  const out: { text: string; key: Key }[] = [];
  for (const match of input.matchAll(/[^\u0000-\u001f\u007f]+|[\u0000-\u001f\u007f]/gu)) {
    const piece = match[0];
    if (PLAIN_TEXT.test(piece)) out.push({ text: piece, key: { ...NO_KEY, eventType: key.eventType } });
    else {
      const [text, k] = keyOf(piece, key);
      out.push({ text, key: k });
    }
  }
  return out;
}

function hasNamedKey(key: Key): boolean {
  return (
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageDown ||
    key.pageUp ||
    key.home ||
    key.end ||
    key.return ||
    key.escape ||
    key.tab ||
    key.backspace ||
    key.delete
  );
}

/** A run of plain text as single keys (for layers that take one key at a time, like the grid). */
export function characterKeys(text: string, base: Key): { text: string; key: Key }[] {
  return [...text].map((char) => {
    const [t, k] = keyOf(char, base);
    return { text: t, key: k };
  });
}
