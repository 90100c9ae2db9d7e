// Runs git with streamed, record-by-record output, so a caller can stop early (a search that found
// enough) without holding everything git would print.
import { spawn } from 'node:child_process';

export interface GitRunOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Called per `\0`- or `\n`-terminated record; return false to stop git. */
  onRecord: (record: string) => boolean | undefined;
  separator?: '\0' | '\n';
  timeoutMs?: number;
  /** Written to git's stdin (else stdin is closed at once). */
  input?: string;
}

export interface GitRunResult {
  code: number | null;
  /** First KiB of stderr, for error messages. */
  stderr: string;
  /** True when onRecord asked to stop (git was killed, `code` means nothing). */
  stopped: boolean;
}

export function runGit(args: string[], options: GitRunOptions): Promise<GitRunResult> {
  const separator = options.separator ?? '\n';
  // No optional locks: a background read must never take index.lock from the user's own git.
  // Literal pathspecs: a folder named `*` or `:(glob)x` means itself.
  const child = spawn(
    'git',
    ['--no-optional-locks', '--literal-pathspecs', '-c', 'core.quotePath=false', ...args],
    {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      signal: options.signal,
      timeout: options.timeoutMs ?? 30_000,
    },
  );
  // A git that exits before reading all of it (EPIPE) says why on stderr and in its exit code.
  child.stdin.on('error', () => {});
  child.stdin.end(options.input);
  let stopped = false;
  let failed: unknown;
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (stopped) return;
    // Only the new chunk can hold a new separator: one huge record costs linear time, not quadratic.
    const start = pending.length;
    pending += chunk;
    let at = pending.indexOf(separator, start);
    let from = 0;
    while (at !== -1) {
      let more: boolean | undefined;
      try {
        more = options.onRecord(pending.slice(from, at));
      } catch (error) {
        // A throw inside a stream handler would kill the process: fail this run instead.
        failed = error;
        more = false;
      }
      if (more === false) {
        stopped = true;
        child.kill('SIGKILL');
        return;
      }
      from = at + 1;
      at = pending.indexOf(separator, from);
    }
    pending = pending.slice(from);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 1024) stderr += chunk.slice(0, 1024 - stderr.length);
  });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ABORT_ERR')
        resolve({ code: null, stderr: 'cancelled', stopped });
      else reject(error);
    });
    child.on('close', (code) => {
      try {
        if (!stopped && pending !== '') options.onRecord(pending);
      } catch (error) {
        failed = error;
      }
      if (failed !== undefined) reject(failed);
      else resolve({ code, stderr: stderr.trim(), stopped });
    });
  });
}
