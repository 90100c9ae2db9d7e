// The project leases one runner holds: taken when free (or when the holder died), kept alive by a
// heartbeat, lost when another process decided this one was dead, released when the runner stops.
import type { Workspace } from '../model/project.js';
import type { Db } from '../store/db.js';
import { acquireLeases, DEFAULT_STALE_MS, heartbeatAll, releaseLeases } from '../store/lease.js';

export interface LeaseTiming {
  staleMs?: number;
  heartbeatMs?: number;
  /** How often a passive runner tries to take a lease (ms). Default 1000. */
  leaseRetryMs?: number;
}

export class ProjectLeases {
  /** Paths of the projects whose lease this runner holds. */
  private readonly held = new Set<string>();
  private readonly staleMs: number;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private lastHeartbeat = 0;
  private lastTry = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly workspace: Workspace,
    private readonly holderId: string,
    timing: LeaseTiming,
  ) {
    this.staleMs = timing.staleMs ?? DEFAULT_STALE_MS;
    this.heartbeatMs = timing.heartbeatMs ?? Math.max(50, Math.floor(this.staleMs / 5));
    this.retryMs = timing.leaseRetryMs ?? 1000;
  }

  holds(projectPath: string): boolean {
    return this.held.has(projectPath);
  }

  get count(): number {
    return this.held.size;
  }

  /** Paths of the workspace's projects whose agents another process runs now. */
  elsewhere(): string[] {
    return this.workspace.projects.map((project) => project.path).filter((p) => !this.held.has(p));
  }

  /** Heartbeats when due; returns the projects whose lease another process took meanwhile. */
  heartbeat(now: number): string[] {
    if (this.held.size === 0 || now - this.lastHeartbeat < this.heartbeatMs) return [];
    this.lastHeartbeat = now;
    const still = new Set(heartbeatAll(this.db, this.holderId));
    const lost = [...this.held].filter((projectPath) => !still.has(projectPath));
    for (const projectPath of lost) this.held.delete(projectPath);
    return lost;
  }

  /** Tries, when due, to take the leases not held yet; returns the projects taken now. */
  acquire(now: number): string[] {
    const wanted = this.elsewhere();
    if (wanted.length === 0 || now - this.lastTry < this.retryMs) return [];
    this.lastTry = now;
    const taken = acquireLeases(this.db, wanted, this.holderId, { staleMs: this.staleMs });
    if (taken.length > 0 && this.held.size === 0) this.lastHeartbeat = now;
    for (const projectPath of taken) this.held.add(projectPath);
    return taken;
  }

  /** Lets go of every lease (the runner stopped and its intents ended). False when none was held. */
  release(): boolean {
    if (this.held.size === 0) return false;
    this.held.clear();
    releaseLeases(this.db, this.holderId);
    return true;
  }
}
