// Processes seen from outside any pid namespace: for tests that check a cancel left nothing running.
import fs from 'node:fs';

/** Pids whose command line contains `text` (read from /proc, so any pid namespace's are seen). */
export function processesWith(text: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text) && !cmdline.includes('vitest')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
