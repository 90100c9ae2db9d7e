// Small facts about processes and paths that several layers need (the store's leases and owners,
// the sandbox's stale layers and binds, the watcher's folders): one definition each.
import fs from 'node:fs';
import path from 'node:path';

/**
 * A process's start time in clock ticks since boot (/proc/PID/stat field 22); undefined when it is
 * gone, a zombie, or there is no /proc (then pids are compared alone). With the pid it names one
 * process for good: the kernel may give a dead process's pid to a new one, never its start time too.
 */
export function processStarted(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces and parentheses itself.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** This process's start time (see processStarted), or '' where it cannot be known. */
export const ownStart = processStarted(process.pid) ?? '';

/**
 * False when no process with that pid exists (on this machine), or when `started` (its recorded
 * start time; empty or absent: unknown) differs from the start time of the process that has the pid
 * now: the pid was reused, ours is gone.
 */
export function pidAlive(pid: number, started?: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (!started) return true;
  return processStarted(pid) === started;
}

/** Whether `inner` is `outer` or lies below it (both absolute). */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
