// Priority key dispatch: one input listener asks each layer in order (open overlay, open input, zoom,
// grid); the first handler that returns true consumed the key. No component guesses who else listens.
import { type Key, useInput } from 'ink';
import { useRef } from 'react';

/** Returns true when it consumed the key. */
export type KeyHandler = (input: string, key: Key) => boolean;

export function dispatchKey(
  handlers: readonly (KeyHandler | false | undefined)[],
  input: string,
  key: Key,
): boolean {
  for (const handler of handlers) {
    if (handler && handler(input, key) === true) return true;
  }
  return false;
}

const PRINTABLE = /^[\x20-\x7e]+$/;

/**
 * Subscribe once; `handlers` is read on every key, so it may change each render. With
 * `splitTypeahead`, several printable keys read in one chunk (a fast typist, a busy frame, tmux
 * send-keys: `3i` then `fix it`) are handled one by one, each after the previous one's render,
 * as a terminal user expects; an open text input takes a chunk whole instead.
 */
export function useKeyDispatch(
  handlers: readonly (KeyHandler | false | undefined)[],
  options: { splitTypeahead?: boolean } = {},
): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  const split = useRef(options.splitTypeahead);
  split.current = options.splitTypeahead;
  useInput((input, key) => {
    // Key release events (kitty protocol) are not presses.
    if (key.eventType === 'release') return;
    if (!split.current || input.length < 2 || !PRINTABLE.test(input) || key.ctrl || key.meta) {
      dispatchKey(latest.current, input, key);
      return;
    }
    const keys = [...input];
    const next = () => {
      const char = keys.shift();
      if (char === undefined) return;
      dispatchKey(latest.current, char, { ...key, shift: char !== char.toLowerCase() });
      setTimeout(next, 0);
    };
    next();
  });
}
