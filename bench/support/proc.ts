// Process statistics from /proc: CPU of a whole process tree (the app and the git processes it
// starts), resident memory, and what a benchmark prints about the machine it ran on.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

function statFields(pid: number): string[] | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined; // exited meanwhile
  }
}

function children(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) found.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // exited meanwhile
  }
  return found;
}

/**
 * CPU seconds used by `pid` and every descendant so far: user + system of the living ones, plus what
 * their exited (and reaped) children used.
 */
export function treeCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // utime, stime, cutime, cstime are fields 14–17 of stat (11–14 after the command name).
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  let total = ticks / 100; // USER_HZ is 100 on Linux
  for (const child of children(pid)) total += treeCpuSeconds(child);
  return total;
}

/**
 * CPU seconds used by `pid`'s living threads so far, to the nanosecond (each thread's run time in
 * /proc/<pid>/task/<tid>/schedstat): a start-up's ~200 ms are ~20 ticks of stat's 10 ms, too coarse
 * to compare two builds or a warm start with a cold one. Falls back to stat's ticks.
 */
export function processCpuSeconds(pid: number): number {
  try {
    let ns = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    }
    if (ns > 0) return ns / 1e9;
  } catch {
    // no schedstat (or a thread ended meanwhile): the ticks below
  }
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

/** Current and peak resident set size of `pid`, in MiB. */
export function rssMiB(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** One line saying where the numbers come from: harness, machine, load. */
export function machineLine(harness: string): string {
  const cpus = os.cpus();
  let tmux = '';
  try {
    tmux = execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  } catch {
    tmux = 'no tmux';
  }
  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  return (
    `harness: ${harness}; machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, ${tmux}; ` +
    `load average ${load}`
  );
}

export function loadLine(): string {
  return `load average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;
}
