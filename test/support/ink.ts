// Test helpers for Ink screens: fake terminal streams with a settable size, key presses that wait for
// the frame, and a poll for the frame you expect.
import { EventEmitter } from 'node:events';
import { type Instance, render } from 'ink';
import type { ReactElement } from 'react';

/** A terminal output stream: records every frame; `resize()` changes its size like a real one. */
export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns = 100,
    public rows = 24,
    public isTTY = false,
  ) {
    super();
  }
  /** Like a stream's write: the callback (Ink waits on it when unmounting) runs once "flushed". */
  write = (frame: string, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    if (frame !== '') this.frames.push(frame);
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  };
  lastFrame = (): string => this.frames.at(-1) ?? '';
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** A terminal input stream in raw mode; `write` delivers bytes the way a key press does. */
export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

export interface Rendered {
  stdout: FakeStdout;
  stdin: FakeStdin;
  instance: Instance;
  lastFrame: () => string;
  unmount: () => void;
}

/**
 * Render `tree` on a fake `columns` × `rows` terminal. Like ink-testing-library (debug mode: every
 * commit is one whole frame), but with a real size, which the library's stdout cannot have.
 */
export function renderSized(tree: ReactElement, size: { columns: number; rows: number }): Rendered {
  const stdout = new FakeStdout(size.columns, size.rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    stdout,
    stdin,
    instance,
    lastFrame: stdout.lastFrame,
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
  };
}

export const KEYS = {
  enter: '\r',
  escape: '\u001b',
  backspace: '\u007f',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  ctrlC: '\u0003',
} as const;

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Write one key and let Ink parse it and React commit (a lone Esc is held ~20 ms by Ink). */
export async function press(stdin: { write(data: string): void }, key: string): Promise<void> {
  stdin.write(key);
  await tick(key === KEYS.escape ? 60 : 10);
}

export async function type(stdin: { write(data: string): void }, text: string): Promise<void> {
  for (const char of text) await press(stdin, char);
}

/** Poll `lastFrame()` until `predicate` holds; fail with the last frame shown. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (frame: string) => boolean,
  timeoutMs = 2000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`frame did not match within ${timeoutMs} ms:\n${frame}`);
    await tick(10);
  }
}

/** The frame as plain text lines (colours removed). */
export function frameLines(frame: string): string[] {
  return stripAnsi(frame).split('\n');
}

export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g, '');
}
