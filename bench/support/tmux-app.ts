// Starts the built app in a detached tmux terminal and reads its screen and its process stats.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processCpuSeconds } from './proc.js';
import { TmuxControl } from './tmux-control.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const binDir = path.join(repoRoot, 'node_modules/.bin');
const defaultCli = path.join(repoRoot, 'dist/cli/bin.js');

export class TmuxApp {
  private readonly socket = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-tmux-')), 's');
  private readonly home: string;
  private readonly ownHome: boolean;
  pid = 0;
  startedAt = 0;
  private control?: TmuxControl;

  constructor(
    readonly width: number,
    readonly height: number,
    home?: string,
  ) {
    this.ownHome = !home;
    this.home = home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-home-'));
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'b', ...keys);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `shipyard --root <root>` (or `cli`, or a whole other `command`) in `root`; `startedAt` is
   * taken just before tmux spawns it.
   */
  start(root: string, extraEnv = '', options: { cli?: string; command?: string } = {}): void {
    // Started as a user starts it: the bin's shebang (and its Node flags), the project's Node 24 on PATH.
    const run = options.command ?? `${options.cli ?? defaultCli} --root ${root}`;
    const command = `cd ${root} && exec env PATH=${binDir}:$PATH SHIPYARD_HOME=${this.home} ${extraEnv} ${run}`;
    this.startedAt = performance.now();
    this.tmux('new-session', '-d', '-s', 'b', '-x', String(this.width), '-y', String(this.height), command);
    this.pid = Number(this.tmux('display-message', '-p', '-t', 'b', '#{pane_pid}').trim());
    this.control = new TmuxControl(this.socket, 'b');
  }

  /** Appends everything the app writes to its terminal (raw bytes) to `file`. */
  pipeOutput(file: string): void {
    fs.writeFileSync(file, '');
    this.tmux('pipe-pane', '-o', '-t', 'b', `cat >> '${file}'`);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'b');
  }

  /** Milliseconds from start until the screen satisfies `predicate` (polled every 5 ms, no process per poll). */
  async until(predicate: (screen: string) => boolean, timeoutMs = 15_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const screen = this.control ? await this.control.screen('b') : this.screen();
      if (predicate(screen)) return performance.now() - this.startedAt;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`screen never matched; last:\n${this.screen()}`);
  }

  /** Peak resident set size so far, in MiB (VmHWM). */
  peakRssMiB(): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }

  /** CPU seconds used by the process so far (its threads' run time, `processCpuSeconds`). */
  cpuSeconds(): number {
    return processCpuSeconds(this.pid);
  }

  stop(): void {
    this.control?.close();
    this.control = undefined;
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    fs.rmSync(path.dirname(this.socket), { recursive: true, force: true });
    if (this.ownHome) fs.rmSync(this.home, { recursive: true, force: true });
  }
}
