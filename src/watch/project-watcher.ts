// Watches one project (work tree and git state) and says when its status may have changed.
import fs from 'node:fs';
import path from 'node:path';
import { type ChokidarOptions, type FSWatcher, watch } from 'chokidar';
import { errorMessage } from '../errors.js';
import { resolveGitDirs } from '../git/git-dir.js';
import { isInside } from '../processes.js';
import { type ChangeReason, createBurst } from './burst.js';
import { createIgnoreFilter } from './ignore-filter.js';
import { compareFingerprints, type Fingerprint, takeFingerprint } from './poll.js';

export type { ChangeReason } from './burst.js';

export interface WatchProjectOptions {
  /** Quiet time that ends a burst of events (default 150 ms); a burst reports at least every 4x this. */
  debounceMs?: number;
  /** A note for the pane, e.g. that the project fell back to polling. */
  onNote?: (note: string | undefined) => void;
  /** The project cannot be watched any more (folder deleted or renamed); the watcher has stopped. */
  onError?: (message: string) => void;
  /** Period of the polling fallback (default 2000 ms). */
  pollIntervalMs?: number;
  /** Poll from the start, e.g. for a network file system where inotify sees no remote change. */
  forcePolling?: boolean;
  /** Seam for tests: builds the chokidar watcher (default `chokidar.watch`). */
  createWatcher?: (paths: string[], options: ChokidarOptions) => FSWatcher;
}

export interface ProjectWatcher {
  /** Resolves once changes are being observed (initial scan done, or polling started). */
  readonly ready: Promise<void>;
  /** 'native' (chokidar), 'polling' (fallback), or 'stopped' (closed or folder gone). */
  mode(): 'native' | 'polling' | 'stopped';
  close(): Promise<void>;
}

export const POLLING_NOTES = {
  ENOSPC: 'polling: inotify watch limit reached (raise fs.inotify.max_user_watches)',
  EMFILE: 'polling: too many open files (raise ulimit -n)',
  forced: 'polling: file watching is off for this project',
} as const;

/**
 * Calls `onChange` after files or git state (HEAD, index, refs, stash, merge) change, once per
 * burst. Ignores gitignored files and node_modules and the rest of `.git`, so our own
 * `git --no-optional-locks status` never wakes it. Never throws: a failing native watcher falls
 * back to polling (with a note); a vanished folder stops the watcher with `onError`.
 */
export function watchProject(
  repoPath: string,
  onChange: (reason: ChangeReason) => void,
  opts: WatchProjectOptions = {},
): ProjectWatcher {
  const debounceMs = opts.debounceMs ?? 150;
  const pollIntervalMs = opts.pollIntervalMs ?? 2000;
  const createWatcher = opts.createWatcher ?? watch;
  let state: 'native' | 'polling' | 'stopped' = 'native';
  let watcher: FSWatcher | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let markReady = (): void => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const dirs = resolveGitDirs(repoPath);
  if (!dirs) {
    state = 'stopped';
    markReady();
    // Reported after return, like every later error, so callers can rely on one code path.
    const message = fs.existsSync(repoPath)
      ? `not a git repository: ${repoPath}`
      : `folder is gone: ${repoPath}`;
    queueMicrotask(() => opts.onError?.(message));
    return { ready, mode: () => state, close: async () => {} };
  }
  const filter = createIgnoreFilter(repoPath, dirs);

  const stop = async (): Promise<void> => {
    state = 'stopped';
    burst.cancel();
    clearInterval(pollTimer);
    const closing = watcher?.close();
    watcher = undefined;
    markReady();
    await closing;
  };

  const folderGone = (): boolean => {
    if (isDirectory(repoPath)) return false;
    void stop();
    opts.onError?.(`folder is gone: ${repoPath}`);
    return true;
  };

  const burst = createBurst(debounceMs, debounceMs * 4, (reason) => {
    if (state === 'stopped' || folderGone()) return;
    onChange(reason);
  });

  const startPolling = (note: string): void => {
    if (state === 'stopped') return;
    state = 'polling';
    void watcher?.close();
    watcher = undefined;
    opts.onNote?.(note);
    let last: Fingerprint | null = takeFingerprint(repoPath, dirs, filter.isIgnored);
    pollTimer = setInterval(() => {
      const next = takeFingerprint(repoPath, dirs, filter.isIgnored);
      if (!next || !last) {
        folderGone();
        return;
      }
      const reason = compareFingerprints(last, next);
      last = next;
      if (reason) burst.push(reason);
    }, pollIntervalMs);
    markReady();
  };

  const onWatchError = (error: unknown): void => {
    if (state !== 'native' || folderGone()) return;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    // A folder removed while chokidar scanned it: harmless, the parent's event reports it.
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    if (code === 'ENOSPC') startPolling(POLLING_NOTES.ENOSPC);
    else if (code === 'EMFILE' || code === 'ENFILE') startPolling(POLLING_NOTES.EMFILE);
    else startPolling(`polling: file watching failed (${errorMessage(error)})`);
  };

  if (opts.forcePolling) {
    startPolling(POLLING_NOTES.forced);
    return { ready, mode: () => state, close: stop };
  }

  const roots = [repoPath, dirs.gitDir, dirs.commonDir].filter(
    (dir, index, all) => all.indexOf(dir) === index && (index === 0 || !isInside(dir, repoPath)),
  );
  try {
    watcher = createWatcher(roots, {
      ignoreInitial: true,
      followSymlinks: false,
      ignorePermissionErrors: true,
      ignored: filter.isIgnored,
    });
  } catch (error) {
    onWatchError(error);
    return { ready, mode: () => state, close: stop };
  }
  // Without an 'error' listener an ENOSPC would kill the process.
  watcher.on('error', onWatchError);
  watcher.on('ready', markReady);
  watcher.on('all', (_event, changed) => {
    if (state !== 'native') return;
    if (path.basename(changed) === '.gitignore') filter.forgetRules(changed);
    burst.push(filter.isGitPath(changed) ? 'git' : 'files');
  });
  return { ready, mode: () => state, close: stop };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
