// Small facts about processes and paths that several layers need (the store's leases and owners,
// the sandbox's stale layers and binds, the watcher's folders): one definition each.
import path from 'node:path';

/** False only when no process with that pid exists (on this machine). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Whether `inner` is `outer` or lies below it (both absolute). */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
