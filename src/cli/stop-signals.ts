// How a headless command learns it must stop: Ctrl+C, a closed terminal (SIGHUP), kill (SIGTERM), or
// a reader that went away (EPIPE: `shipyard ask … | head -c1`). A gone reader is a stop, never a crash.

export type StopReason = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'EPIPE';

/** Exit statuses as a shell reports a process ended by that signal (EPIPE as SIGPIPE). */
export const stopExitCode: Record<StopReason, number> = {
  SIGINT: 130,
  SIGHUP: 129,
  SIGTERM: 143,
  EPIPE: 141,
};

// A pipe whose reader exited, a terminal that closed, a stream already torn down by one of those.
const GONE = new Set(['EPIPE', 'EIO', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);
const listeners = new Set<(reason: StopReason) => void>();
let guarded = false;

/** Once per process: an error writing to a closed stdout or stderr tells the listeners, quietly. */
export function guardOutput(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!GONE.has(error.code ?? '')) throw error;
      for (const listener of [...listeners]) listener('EPIPE');
    });
  }
}

/**
 * For the grid: a terminal that closed fails stdin too (Ink's `setRawMode` on leaving gets EIO),
 * which must be a stop like the others, never an uncaught error that skips the cleanup.
 */
export function guardInput(): void {
  process.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (!GONE.has(error.code ?? '')) throw error;
    for (const listener of [...listeners]) listener('EPIPE');
  });
}

/**
 * Calls `stop` once on the first signal or gone output; a second Ctrl+C or SIGTERM ends the process
 * at once. A second SIGHUP does not: a closed terminal may hang up twice (the kernel, then the shell
 * passing it on), and the cleanup must still finish. Returns the unsubscribe.
 */
export function onStop(stop: (reason: StopReason) => void): () => void {
  guardOutput();
  let fired: StopReason | undefined;
  const fire = (reason: StopReason) => {
    if (fired !== undefined) {
      if (reason !== 'EPIPE' && reason !== 'SIGHUP') process.exit(stopExitCode[fired]);
      return;
    }
    fired = reason;
    stop(reason);
  };
  const signals = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => {
    const handler = () => fire(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  listeners.add(fire);
  return () => {
    for (const [signal, handler] of signals) process.off(signal, handler);
    listeners.delete(fire);
  };
}
