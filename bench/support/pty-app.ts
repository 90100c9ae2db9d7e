// Runs the built app on a pseudo-terminal made by util-linux `script`, reading its output as it
// arrives: timing a frame this way costs the app no CPU (polling tmux would spawn a process every few ms).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { processCpuSeconds } from './proc.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const binDir = path.join(repoRoot, 'node_modules/.bin');
/** The built app; benchmarks may start another build (BASE_CLI) or another program in its place. */
export const defaultCli = path.join(repoRoot, 'dist/cli/bin.js');

export class PtyApp {
  private child?: ChildProcess;
  private output = '';
  private waiters: (() => void)[] = [];
  readonly home: string;
  startedAt = 0;

  constructor(
    readonly columns: number,
    readonly rows: number,
    home?: string,
  ) {
    this.home = home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-home-'));
  }

  /** Starts `cli --root root` (`command`, when given, replaces the whole command line). */
  start(root: string, options: { cli?: string; env?: NodeJS.ProcessEnv; command?: string } = {}): void {
    const run = options.command ?? `${options.cli ?? defaultCli} --root ${root}`;
    const command = `stty cols ${this.columns} rows ${this.rows}; cd ${root} && exec ${run}`;
    this.startedAt = performance.now();
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      // Started as a user starts it: the bin's shebang (and its Node flags), with the project's Node 24 on PATH.
      env: {
        ...process.env,
        PATH: `${binDir}:${process.env.PATH}`,
        SHIPYARD_HOME: this.home,
        TERM: 'xterm-256color',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += stripVTControlCharacters(chunk.toString());
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Milliseconds from start until everything the app printed so far satisfies `predicate`. */
  async until(predicate: (output: string) => boolean, timeoutMs = 15_000): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate(this.output)) {
      if (performance.now() > deadline) throw new Error('the app never printed what was expected');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
    return performance.now() - this.startedAt;
  }

  /** Forgets the output so far (to wait for what comes next). */
  clear(): void {
    this.output = '';
  }

  keys(text: string): void {
    this.child?.stdin?.write(text);
  }

  /** The app's own pid: script's child (the shell exec'd into node). */
  appPid(): number {
    const pid = this.child!.pid!;
    return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]);
  }

  peakRssMiB(): number {
    const status = fs.readFileSync(`/proc/${this.appPid()}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }

  /** CPU seconds used by the app so far (its threads' run time, `processCpuSeconds`). */
  cpuSeconds(): number {
    return processCpuSeconds(this.appPid());
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.stdin?.write('q');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  removeHome(): void {
    fs.rmSync(this.home, { recursive: true, force: true });
  }
}
