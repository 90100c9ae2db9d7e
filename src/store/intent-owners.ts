// Who runs a running intent, and what becomes of it when that process is gone: a dead runner's or
// `shipyard ask`'s intents end `interrupted` (resumable), a live ask keeps its project busy.
import { pidAlive } from '../processes.js';
import { IntentTable } from './intent-table.js';

/** A running intent and the process that runs it (pid and start time; see processStarted). */
interface OwnedRow {
  id: number;
  owner_pid: number | null;
  owner_started: string | null;
}

export class IntentOwnership extends IntentTable {
  /** running → interrupted for these projects (a runner that died left them). Returns their ids. */
  markInterrupted(projectPaths: string[]): number[] {
    if (projectPaths.length === 0) return [];
    const marks = projectPaths.map(() => '?').join(', ');
    const rows = this.sql(
      `SELECT id, owner_pid, owner_started FROM intents WHERE state = 'running' AND project IN (${marks}) ORDER BY id`,
    ).all(...projectPaths) as unknown as OwnedRow[];
    // A live `shipyard ask` is not the dead runner's work: leave it running.
    const orphaned = rows.filter(
      (row) => row.owner_pid === null || !pidAlive(row.owner_pid, row.owner_started),
    );
    return orphaned.length ? this.markInterruptedIds(orphaned.map((row) => row.id)) : [];
  }

  /**
   * A running intent of the project that a live process outside the queue runs (`shipyard ask`):
   * the project is busy. One whose process died is marked interrupted instead (returned in `freed`).
   */
  runningElsewhere(projectPath: string): { busy: boolean; freed: number[] } {
    const rows = this.sql(
      `SELECT id, owner_pid, owner_started FROM intents
        WHERE project = ? AND state = 'running' AND owner_pid IS NOT NULL`,
    ).all(projectPath) as unknown as OwnedRow[];
    const dead = rows.filter((row) => !pidAlive(row.owner_pid!, row.owner_started));
    const freed = dead.length ? this.markInterruptedIds(dead.map((row) => row.id)) : [];
    return { busy: rows.length > dead.length, freed };
  }

  /**
   * Running intents whose process is gone (a `shipyard ask` killed by SIGKILL, a runner that died
   * without a lease heir yet) → interrupted, so the project is not blocked until a runner starts.
   * An ask's intent belongs to its `owner_pid`; a runner's to the pid holding the project's lease
   * (a runner that stops releases its lease only after its intents ended).
   */
  reapOrphans(projectPath?: string): number[] {
    const rows = this.sql(
      `SELECT i.id, i.owner_pid, i.owner_started, l.pid AS lease_pid, l.pid_started AS lease_started
        FROM intents i LEFT JOIN leases l ON l.project = i.project
        WHERE i.state = 'running' ${projectPath === undefined ? '' : 'AND i.project = ?'} ORDER BY i.id`,
    ).all(...(projectPath === undefined ? [] : [projectPath])) as unknown as (OwnedRow & {
      lease_pid: number | null;
      lease_started: string | null;
    })[];
    const orphaned = rows.filter((row) =>
      row.owner_pid !== null
        ? !pidAlive(row.owner_pid, row.owner_started)
        : row.lease_pid !== null && !pidAlive(row.lease_pid, row.lease_started),
    );
    return orphaned.length ? this.markInterruptedIds(orphaned.map((row) => row.id)) : [];
  }

  private markInterruptedIds(ids: number[]): number[] {
    return this.change(() => {
      const now = Date.now();
      const update = this.sql(
        `UPDATE intents SET state = 'interrupted', finished_at = ?, cancel_requested_at = NULL,
           error = 'Shipyard stopped while this intent ran' WHERE id = ? AND state = 'running'`,
      );
      return ids.filter((id) => {
        if (update.run(now, id).changes === 0) return false;
        this.event(id, 'interrupted');
        return true;
      });
    });
  }
}
