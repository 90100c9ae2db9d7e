// The process groups of running agent commands, so a later start can kill what a crash left behind
// (without a sandbox nothing else would: a killed Shipyard's commands live on as orphans).
import { ownStart, processStarted } from '../processes.js';
import type { Db } from './db.js';

export class CommandGroups {
  constructor(
    private readonly db: Db,
    private readonly project: string,
  ) {}

  started(pgid: number): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO command_groups (pgid, pgid_started, owner_pid, owner_started, project, at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(pgid, processStarted(pgid) ?? '', process.pid, ownStart, this.project, Date.now());
  }

  ended(pgid: number): void {
    this.db.prepare('DELETE FROM command_groups WHERE pgid = ? AND owner_pid = ?').run(pgid, process.pid);
  }
}

interface Row {
  pgid: number;
  pgid_started: string;
  owner_pid: number;
  owner_started: string;
}

/** Kills the groups whose Shipyard process is gone; returns how many were still alive. */
export function killOrphanedGroups(db: Db): number {
  const rows = db
    .prepare('SELECT pgid, pgid_started, owner_pid, owner_started FROM command_groups')
    .all() as unknown as Row[];
  let killed = 0;
  for (const row of rows) {
    if (processStarted(row.owner_pid) === row.owner_started) continue; // its owner still runs it
    const leader = processStarted(row.pgid);
    // A live leader with another start time is a new process that reused the pid: not ours. A dead
    // leader with a live group is ours: Linux reuses no pid while a group of that id has members.
    if (leader === undefined || leader === row.pgid_started) {
      try {
        process.kill(-row.pgid, 'SIGKILL');
        killed++;
      } catch {
        // ESRCH: the whole group is gone already
      }
    }
    db.prepare('DELETE FROM command_groups WHERE pgid = ? AND owner_pid = ?').run(row.pgid, row.owner_pid);
  }
  return killed;
}
