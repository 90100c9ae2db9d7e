// One app-wide cap on concurrent git processes, shared by every project: simple-git's own
// `maxConcurrentProcesses` is per instance, so 30 repos refreshing at once would spawn a storm.

export const MAX_GIT_PROCESSES = 4;

type Waiter = () => void;

let running = 0;
const waiting: Waiter[] = [];

/** How many git tasks run and wait right now (for tests and diagnostics). */
export function gitLimitStats(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}

/**
 * Runs `task` once fewer than MAX_GIT_PROCESSES git tasks are running. A task whose signal is
 * aborted while it waits never starts and rejects with the signal's reason.
 */
export async function withGitLimit<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  signal?.throwIfAborted();
  if (running >= MAX_GIT_PROCESSES) await waitForSlot(signal);
  else running++;
  try {
    return await task();
  } finally {
    release();
  }
}

function waitForSlot(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      const index = waiting.indexOf(start);
      if (index >= 0) waiting.splice(index, 1);
      reject(signal?.reason);
    };
    // The slot is handed over by release(): `running` is not decremented in between, so a
    // newcomer cannot overtake the queue.
    const start: Waiter = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waiting.push(start);
  });
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}
