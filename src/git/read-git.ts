// A read-only git command spawned directly, for the pane's status read: the first frame's git waits
// for the main thread, and simple-git costs it ~15 ms to load and ~1 ms of CPU per command (its
// task queue and plugins). The rest is as `runGit`: the app-wide process limit, no optional locks,
// the environment simple-git would give git, a timeout when git prints nothing, one-line errors.
import { spawn } from 'node:child_process';
import { withGitLimit } from './limit.js';
import { assertRepoFolder, gitFailure, gitTimedOut } from './repo-folder.js';

/** Ambient variables simple-git keeps from git (its environment guard): git's own and what it runs. */
const GUARDED = new Set(['editor', 'visual', 'pager', 'prefix', 'ssh_askpass']);

let cachedEnv: NodeJS.ProcessEnv | undefined;

/**
 * Built once: reading `process.env` goes through a C++ interceptor per key (~0.5 ms a call), and the
 * start-up reads every repository twice. Nothing in the app changes its own environment.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  if (cachedEnv) return cachedEnv;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const name = key.toLowerCase();
    if (!name.startsWith('git_') && !GUARDED.has(name)) env[key] = value;
  }
  cachedEnv = env;
  return env;
}

/**
 * `git --no-optional-locks <args>` in `repoPath`; resolves with stdout. `args` are fixed options
 * chosen by us. Fails with a one-line UserError, or with the signal's reason when aborted.
 */
export function readGit(
  repoPath: string,
  args: string[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<string> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const command = `git ${args[0] ?? ''}`.trim();
  return withGitLimit(
    () =>
      new Promise<string>((resolve, reject) => {
        assertRepoFolder(repoPath);
        const child = spawn('git', ['--no-optional-locks', ...args], {
          cwd: repoPath,
          env: gitEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const out: Buffer[] = [];
        let stderr = '';
        let timedOut = false;
        let timer: NodeJS.Timeout | undefined;
        // As simple-git's block timeout: git is stopped when it has printed nothing for that long.
        const quiet = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs);
        };
        const abort = () => child.kill('SIGKILL');
        signal?.addEventListener('abort', abort, { once: true });
        quiet();
        child.stdout.on('data', (chunk: Buffer) => {
          out.push(chunk);
          quiet();
        });
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (chunk: string) => {
          if (stderr.length < 4096) stderr += chunk;
        });
        const settle = (error: unknown, output?: string) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', abort);
          if (signal?.aborted) reject(signal.reason);
          else if (error) reject(error);
          else resolve(output!);
        };
        child.on('error', (error) => settle(gitFailure(repoPath, command, error.message)));
        child.on('close', (code) => {
          if (timedOut) settle(gitTimedOut(repoPath, command, timeoutMs));
          else if (code !== 0) settle(gitFailure(repoPath, command, stderr));
          else settle(undefined, Buffer.concat(out).toString('utf8'));
        });
      }),
    signal,
  );
}
