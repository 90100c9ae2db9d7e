// Turns a burst of file-system events into one callback: trailing debounce with a ceiling, so a
// build that writes for ten seconds still reports every `maxWaitMs` instead of never.

export type ChangeReason = 'files' | 'git';

export interface Burst {
  push(reason: ChangeReason): void;
  cancel(): void;
}

export function createBurst(
  debounceMs: number,
  maxWaitMs: number,
  flush: (reason: ChangeReason) => void,
): Burst {
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  let sawGit = false;

  const fire = (): void => {
    timer = undefined;
    const reason: ChangeReason = sawGit ? 'git' : 'files';
    sawGit = false;
    flush(reason);
  };

  return {
    push(reason) {
      const now = Date.now();
      if (timer === undefined) firstAt = now;
      else clearTimeout(timer);
      // 'git' wins: HEAD or a ref moved, so the whole status is worth re-reading.
      sawGit ||= reason === 'git';
      timer = setTimeout(fire, Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - now)));
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      sawGit = false;
    },
  };
}
