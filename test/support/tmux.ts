// Drives a real terminal: the app runs in a detached tmux session, keys go in with send-keys,
// the screen comes back with capture-pane. Each session gets its own tmux server socket.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class TmuxSession {
  private readonly socket: string;
  readonly name = 'shipyard-e2e';

  constructor(
    readonly width = 160,
    readonly height = 45,
  ) {
    this.socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-tmux-')), 'sock');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts a plain shell in a fresh session; commands are then typed into it like a person would. */
  start(env: Record<string, string> = {}): void {
    const exports = Object.entries(env).map(([key, value]) => `export ${key}=${shellQuote(value)};`);
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(this.width),
      '-y',
      String(this.height),
      'env',
      '-i',
      `PATH=${process.env.PATH}`,
      `HOME=${process.env.HOME ?? '/root'}`,
      'TERM=xterm-256color',
      'bash',
      '--norc',
      '--noprofile',
    );
    if (exports.length > 0) this.type(exports.join(' '));
    this.type('clear');
  }

  /** Types a line of text and presses Enter. */
  type(line: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', line);
    this.tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** Sends tmux key names (`Tab`, `Escape`, `C-c`, `BTab`) or literal characters. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  literal(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** The screen with its colours (SGR escape codes kept). */
  screenWithColours(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
  }

  cursorVisible(): boolean {
    return this.tmux('display-message', '-p', '-t', this.name, '#{cursor_flag}').trim() === '1';
  }

  inAlternateScreen(): boolean {
    return this.tmux('display-message', '-p', '-t', this.name, '#{alternate_on}').trim() === '1';
  }

  async waitFor(predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = this.screen();
      if (predicate(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for the screen; last screen:\n${screen}`);
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    fs.rmSync(path.dirname(this.socket), { recursive: true, force: true });
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
