// Priority key dispatch: one input listener asks each layer in order (open overlay, open input, zoom,
// grid); the first handler that returns true consumed the key. No component guesses who else listens.
import { type Key, useInput } from 'ink';

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

/** Subscribe once; `handlers` is read on every key, so it may change each render. */
export function useKeyDispatch(handlers: readonly (KeyHandler | false | undefined)[]): void {
  useInput((input, key) => {
    // Key release events (kitty protocol) are not presses.
    if (key.eventType === 'release') return;
    dispatchKey(handlers, input, key);
  });
}
