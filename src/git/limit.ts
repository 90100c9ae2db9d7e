// One app-wide cap on concurrent git processes, shared by every project: simple-git's own
// `maxConcurrentProcesses` is per instance, so 30 repos refreshing at once would spawn a storm.
import os from 'node:os';
import pLimit from 'p-limit';

/** Two per core (git waits on the disk about as much as it computes), between 2 and 8. */
export const MAX_GIT_PROCESSES = Math.min(8, Math.max(2, os.availableParallelism() * 2));

const limit = pLimit(MAX_GIT_PROCESSES);

/** How many git tasks run and wait right now (for tests and diagnostics). */
export function gitLimitStats(): { running: number; waiting: number } {
  return { running: limit.activeCount, waiting: limit.pendingCount };
}

/**
 * Runs `task` once fewer than MAX_GIT_PROCESSES git tasks are running, in call order. A task whose
 * signal is aborted before its turn never starts and rejects with the signal's reason.
 */
export async function withGitLimit<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  signal?.throwIfAborted();
  return limit(() => {
    signal?.throwIfAborted();
    return task();
  });
}
