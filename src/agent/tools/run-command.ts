// Runs one shell command in its own process group, so a timeout or a cancel can kill everything it
// started (test runners, dev servers, `sleep &`), with output kept in bounded memory.
import { spawn } from 'node:child_process';
import { HeadTailBuffer } from './head-tail-buffer.js';

export interface CommandOptions {
  command: string;
  cwd: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** Time between SIGTERM and SIGKILL to the group. */
  graceMs?: number;
  /** The environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** A program that runs the shell for us (the sandbox): `file args… /bin/sh -c …`. */
  wrapper?: { file: string; args: string[] };
  /** Called once the process group exists (its id is the shell's or the wrapper's pid). */
  onSpawn?: (pid: number) => void;
}

export interface CommandResult {
  /** stdout and stderr interleaved as produced, head + tail when long. */
  output: string;
  exitCode: number | null;
  /** The signal that ended the shell, when not a plain exit. */
  exitSignal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Process id of the shell, which is also the process group id. */
  pid: number | undefined;
  durationMs: number;
}

// After the shell exits, how long its pipes may stay open (held by a background child) before the
// rest of the group is killed. Short: a finished command should not leave processes behind.
const DRAIN_MS = 50;
// If something outside the group still holds the pipe (it called setsid), stop waiting after this.
const CLOSE_WAIT_MS = 2000;

export function runCommand(options: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  if (options.signal.aborted) {
    const result = {
      output: '',
      exitCode: null,
      exitSignal: null,
      timedOut: false,
      cancelled: true,
      pid: undefined,
    };
    return Promise.resolve({ ...result, durationMs: 0 });
  }
  const grace = options.graceMs ?? 1000;
  const buffer = new HeadTailBuffer();
  // One pipe for both streams keeps their order exactly; `exec` makes bash the group leader.
  const shell = ['/bin/sh', '-c', 'exec bash -lc "$1" 2>&1', 'sh', options.command];
  const [file, ...args] = options.wrapper ? [options.wrapper.file, ...options.wrapper.args, ...shell] : shell;
  const child = spawn(file!, args, {
    cwd: options.cwd,
    detached: true,
    // The shell sends its stderr into stdout; only the wrapper's own complaints arrive on stderr.
    stdio: ['ignore', 'pipe', options.wrapper ? 'pipe' : 'ignore'],
    env: { ...(options.env ?? process.env), PAGER: 'cat', GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0' },
  });
  const pid = child.pid;
  if (pid !== undefined) options.onSpawn?.(pid);
  let timedOut = false;
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;

  const killGroup = (): void => {
    if (pid === undefined || killTimer) return;
    signalGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), grace);
    killTimer.unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  const onAbort = (): void => {
    cancelled = true;
    killGroup();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });

  child.stdout?.on('data', (chunk: Buffer) => buffer.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => buffer.push(chunk));

  return new Promise((resolve) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(closeTimer);
      options.signal.removeEventListener('abort', onAbort);
      // Whatever is left of the group (it escaped the pipe) dies now, with SIGKILL for stubborn ones.
      killGroup();
      child.stdout?.destroy();
      child.stderr?.destroy();
      let output = buffer.toString();
      if (spawnError) output += `${output ? '\n' : ''}Failed to start the shell: ${spawnError.message}`;
      resolve({
        output,
        exitCode: exit?.code ?? null,
        exitSignal: exit?.signal ?? null,
        timedOut,
        cancelled,
        pid,
        durationMs: Date.now() - started,
      });
    };
    let closeTimer: NodeJS.Timeout | undefined;
    child.on('error', (error) => {
      spawnError = error;
      finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // A background child may still hold the pipe: give it a moment, then end the group.
      closeTimer = setTimeout(() => {
        killGroup();
        closeTimer = setTimeout(finish, CLOSE_WAIT_MS);
      }, DRAIN_MS);
    });
    child.on('close', finish);
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // Once the group is gone its id may be reused: probe first, so a late SIGKILL hits nobody else.
    process.kill(-pid, 0);
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}
