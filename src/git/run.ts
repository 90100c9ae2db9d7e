// Runs one git command for a project through simple-git, under the app-wide process limit.
import fs from 'node:fs';
import { GitError, GitPluginError, simpleGit } from 'simple-git';
import { UserError } from '../errors.js';
import { withGitLimit } from './limit.js';
import { assertRepoFolder, gitFailure, gitTimedOut } from './repo-folder.js';

export interface RunGitOptions {
  signal?: AbortSignal;
  /** Kill git when it prints nothing for this long (default 15 s). */
  timeoutMs?: number;
  /** Extra variables for this command (e.g. GIT_INDEX_FILE); the rest of the environment is a small safe set. */
  env?: Record<string, string>;
  /** Written to git's stdin (e.g. `--stdin` path lists). */
  input?: string;
}

/** What plumbing commands run with `env` still need: the user's git config (HOME), PATH, locale. */
const PASSED_ENV = [
  'PATH',
  'HOME',
  'XDG_CONFIG_HOME',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TMPDIR',
  'USER',
  'LOGNAME',
];

function commandEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_ENV) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...extra };
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * `git --no-optional-locks <args>` in `repoPath`; resolves with stdout, untrimmed. Every failure
 * becomes a one-line UserError, except an abort, which rejects with the signal's reason.
 * `args` must be fixed options chosen by us: user text goes after `--` (argument injection).
 * `--no-optional-locks` keeps background commands from rewriting `.git/index`, which would wake
 * our own watcher (an endless refresh loop) and race the user's `git add`.
 */
export async function runGit(repoPath: string, args: string[], options: RunGitOptions = {}): Promise<string> {
  const { signal } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return withGitLimit(async () => {
    assertRepoFolder(repoPath);
    // simple-git strips inherited GIT_* variables itself; our limit replaces its per-instance one.
    const { env, input } = options;
    const git = simpleGit({
      baseDir: repoPath,
      maxConcurrentProcesses: 1,
      trimmed: false,
      timeout: { block: timeoutMs },
      ...(signal ? { abort: signal } : {}),
      // simple-git refuses GIT_* variables it was not told about; these are ours.
      ...(env ? { allowEnvironment: Object.keys(env) } : {}),
      ...(input !== undefined ? { input: () => input } : {}),
    });
    if (env) git.env(commandEnv(env));
    try {
      return await git.raw(['--no-optional-locks', ...args]);
    } catch (error) {
      throw toUserError(error, repoPath, args, timeoutMs, signal);
    }
  }, signal);
}

function toUserError(
  error: unknown,
  repoPath: string,
  args: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): unknown {
  if (signal?.aborted) return signal.reason;
  const command = `git ${args[0] ?? ''}`.trim();
  if (error instanceof GitPluginError && error.plugin === 'timeout') {
    return gitTimedOut(repoPath, command, timeoutMs);
  }
  // The folder may have vanished while git ran.
  if (!fs.existsSync(repoPath)) return new UserError(`folder is gone: ${repoPath}`);
  if (error instanceof GitError) return gitFailure(repoPath, command, error.message);
  return error;
}
