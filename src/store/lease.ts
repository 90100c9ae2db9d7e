// The runner lease: one process per workspace runs agents. Others stay passive and take over when the
// holder stops heartbeating or its process is gone.
import type { Db } from './db.js';
import { transaction } from './db.js';

export interface LeaseInfo {
  workspace: string;
  holder: string;
  pid: number;
  /** Epoch milliseconds of the last heartbeat. */
  heartbeat: number;
}

export interface LeaseOptions {
  /** A lease whose heartbeat is older than this is free. Default 15 s. */
  staleMs?: number;
  /** The pid recorded for the holder (default: this process). */
  pid?: number;
}

export const DEFAULT_STALE_MS = 15_000;

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

export function readLease(db: Db, workspaceRoot: string): LeaseInfo | undefined {
  return db
    .prepare('SELECT workspace, holder, pid, heartbeat FROM leases WHERE workspace = ?')
    .get(workspaceRoot) as unknown as LeaseInfo | undefined;
}

/**
 * Takes the workspace's lease when it is free, stale, held by a dead process, or already ours.
 * Atomic across processes: the check and the write share one IMMEDIATE transaction.
 */
export function acquireLease(
  db: Db,
  workspaceRoot: string,
  holderId: string,
  options: LeaseOptions = {},
): boolean {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const pid = options.pid ?? process.pid;
  return transaction(db, () => {
    const now = Date.now();
    const lease = readLease(db, workspaceRoot);
    const free =
      !lease || lease.holder === holderId || now - lease.heartbeat > staleMs || !pidAlive(lease.pid);
    if (!free) return false;
    db.prepare(
      `INSERT INTO leases (workspace, holder, pid, heartbeat) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace) DO UPDATE SET holder = excluded.holder, pid = excluded.pid,
         heartbeat = excluded.heartbeat`,
    ).run(workspaceRoot, holderId, pid, now);
    return true;
  });
}

/** Refreshes our lease. False when we no longer hold it (another process took it over). */
export function heartbeat(db: Db, workspaceRoot: string, holderId: string): boolean {
  const result = db
    .prepare('UPDATE leases SET heartbeat = ? WHERE workspace = ? AND holder = ?')
    .run(Date.now(), workspaceRoot, holderId);
  return result.changes > 0;
}

/** Gives the lease up (only if we hold it). */
export function releaseLease(db: Db, workspaceRoot: string, holderId: string): boolean {
  const result = db
    .prepare('DELETE FROM leases WHERE workspace = ? AND holder = ?')
    .run(workspaceRoot, holderId);
  return result.changes > 0;
}
