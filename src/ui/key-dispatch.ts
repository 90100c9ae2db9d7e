// Priority key dispatch: one input listener asks each layer in order (open overlay, open input, zoom,
// grid); the first handler that returns true consumed the key. No component guesses who else listens.
// A chunk of several keys is applied key by key, each to the state the previous one left (see
// key-split.ts): the layers are built anew for every key from the latest state, never from a render.
import { type Key, useInput } from 'ink';
import { useRef } from 'react';
import { characterKeys, PLAIN_TEXT, splitChunk } from './key-split.js';

/** Returns true when it consumed the key. */
export type KeyHandler = (input: string, key: Key) => boolean;
export type KeyLayers = readonly (KeyHandler | false | undefined)[];

export function dispatchKey(handlers: KeyLayers, input: string, key: Key): boolean {
  for (const handler of handlers) {
    if (handler && handler(input, key) === true) return true;
  }
  return false;
}

export interface KeySource {
  /** The layers for the next key, from the latest state (called once per key). */
  layers: () => KeyLayers;
  /** Whether a run of plain text goes whole to an open text input (else char by char). */
  takesText: () => boolean;
}

/** Feed one `useInput` event through `source`, key by key. */
export function dispatchChunk(source: KeySource, input: string, key: Key): void {
  for (const piece of splitChunk(input, key)) {
    if (piece.text.length < 2 || !PLAIN_TEXT.test(piece.text)) {
      dispatchKey(source.layers(), piece.text, piece.key);
      continue;
    }
    const chars = characterKeys(piece.text, piece.key);
    for (let i = 0; i < chars.length; i++) {
      if (source.takesText()) {
        dispatchKey(
          source.layers(),
          chars
            .slice(i)
            .map((c) => c.text)
            .join(''),
          piece.key,
        );
        break;
      }
      dispatchKey(source.layers(), chars[i]!.text, chars[i]!.key);
    }
  }
}

/** Subscribe once; `source` is read on every event, so it may change each render. */
export function useKeyDispatch(source: KeySource): void {
  const latest = useRef(source);
  latest.current = source;
  useInput((input, key) => {
    // Key release events (kitty protocol) are not presses.
    if (key.eventType === 'release') return;
    dispatchChunk(latest.current, input, key);
  });
}
