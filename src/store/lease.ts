// Runner leases, one per project path: the process holding a project's lease runs its agent. Two
// workspaces that share a project (a global pin) therefore never run, or interrupt, each other's
// intents there. Others stay passive for that project and take over when the holder stops
// heartbeating or its process is gone.
import { ownStart, pidAlive, processStarted } from '../processes.js';
import type { Db } from './db.js';
import { transaction } from './db.js';

export interface LeaseInfo {
  /** The project path the lease is for. */
  project: string;
  holder: string;
  pid: number;
  /** Epoch milliseconds of the last heartbeat. */
  heartbeat: number;
  /** The holder's start time (see processStarted); null or '' when unknown. */
  pidStarted: string | null;
}

export interface LeaseOptions {
  /** A lease whose heartbeat is older than this is free. Default 15 s. */
  staleMs?: number;
  /** The pid recorded for the holder (default: this process). */
  pid?: number;
}

export const DEFAULT_STALE_MS = 15_000;

export function readLease(db: Db, projectPath: string): LeaseInfo | undefined {
  return db
    .prepare(
      'SELECT project, holder, pid, heartbeat, pid_started AS pidStarted FROM leases WHERE project = ?',
    )
    .get(projectPath) as unknown as LeaseInfo | undefined;
}

/** Takes one project's lease when it is free, stale, held by a dead process, or already ours. */
export function acquireLease(
  db: Db,
  projectPath: string,
  holderId: string,
  options: LeaseOptions = {},
): boolean {
  return acquireLeases(db, [projectPath], holderId, options).length === 1;
}

/**
 * Takes every lease of `projectPaths` that is free, stale, held by a dead process, or already ours;
 * returns the paths taken. Atomic across processes: the checks and writes share one IMMEDIATE
 * transaction, so a passive runner costs one transaction per try, however many projects it has.
 */
export function acquireLeases(
  db: Db,
  projectPaths: readonly string[],
  holderId: string,
  options: LeaseOptions = {},
): string[] {
  if (projectPaths.length === 0) return [];
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const pid = options.pid ?? process.pid;
  const started = options.pid === undefined ? ownStart : (processStarted(pid) ?? '');
  return transaction(db, () => {
    const now = Date.now();
    const taken: string[] = [];
    const write = db.prepare(
      `INSERT INTO leases (project, holder, pid, heartbeat, pid_started) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (project) DO UPDATE SET holder = excluded.holder, pid = excluded.pid,
         heartbeat = excluded.heartbeat, pid_started = excluded.pid_started`,
    );
    for (const projectPath of projectPaths) {
      const lease = readLease(db, projectPath);
      const free =
        !lease ||
        lease.holder === holderId ||
        now - lease.heartbeat > staleMs ||
        !pidAlive(lease.pid, lease.pidStarted);
      if (!free) continue;
      write.run(projectPath, holderId, pid, now, started);
      taken.push(projectPath);
    }
    return taken;
  });
}

/** Refreshes one lease. False when we no longer hold it (another process took it over). */
export function heartbeat(db: Db, projectPath: string, holderId: string): boolean {
  const result = db
    .prepare('UPDATE leases SET heartbeat = ? WHERE project = ? AND holder = ?')
    .run(Date.now(), projectPath, holderId);
  return result.changes > 0;
}

/** Refreshes every lease we hold; returns the project paths still ours. */
export function heartbeatAll(db: Db, holderId: string): string[] {
  return transaction(db, () => {
    db.prepare('UPDATE leases SET heartbeat = ? WHERE holder = ?').run(Date.now(), holderId);
    const rows = db.prepare('SELECT project FROM leases WHERE holder = ?').all(holderId) as {
      project: string;
    }[];
    return rows.map((row) => row.project);
  });
}

/** Gives one lease up (only if we hold it). */
export function releaseLease(db: Db, projectPath: string, holderId: string): boolean {
  const result = db.prepare('DELETE FROM leases WHERE project = ? AND holder = ?').run(projectPath, holderId);
  return result.changes > 0;
}

/** Gives up every lease we hold. */
export function releaseLeases(db: Db, holderId: string): number {
  return Number(db.prepare('DELETE FROM leases WHERE holder = ?').run(holderId).changes);
}
