// The runner's vocabulary: what it runs an intent with, what an execution can end as (and how an
// abort changes that), and what it tells its listeners.
import type { FinishedState, Intent, IntentState } from '../model/intent.js';
import type { Project, Workspace } from '../model/project.js';
import type { Db } from '../store/db.js';

export interface IntentOutcome {
  state: 'done' | 'failed' | 'cancelled';
  error?: string;
  summary?: string;
}

/** Why the runner aborted an intent: the user cancelled it, the runner stops, or the lease was lost. */
export type AbortReason = 'cancel' | 'stop' | 'lease';

export interface RunnerChange {
  projectPath: string;
  intentId: number;
  state: IntentState;
}

export interface RunnerEvents {
  /** An intent this runner started, finished or found interrupted. */
  change: [RunnerChange];
  /** The queue version moved (a change by any process); re-read the queues. */
  queue: [number];
  /** This runner took its first project lease (true) or lost its last (false). */
  active: [boolean];
  /** The set of leases this runner holds changed: the paths of the projects another process runs. */
  leases: [string[]];
  /** Something went wrong that the runner survives (the database was busy, …). */
  warning: [string];
  /** Something the runner does not survive (its database was deleted or replaced): it stops. */
  fatal: [string];
}

/** Work that finished stays done; otherwise a cancel wins, and a stop leaves the intent resumable. */
export function finalState(returned: IntentOutcome['state'], reason: AbortReason | undefined): FinishedState {
  if (returned === 'done' || !reason) return returned;
  if (reason === 'stop') return 'interrupted';
  return 'cancelled';
}

export interface ExecuteContext {
  project: Project;
  /** Queued intents behind this one, read live (a getter): the agent can be told to be brief. */
  readonly waiting: number;
}

export type ExecuteIntent = (
  intent: Intent,
  signal: AbortSignal,
  context: ExecuteContext,
) => Promise<IntentOutcome>;

export interface RunnerOptions {
  db: Db;
  workspace: Workspace;
  execute: ExecuteIntent;
  /** Unique per process; default `host:pid:random`. */
  holderId?: string;
  /** Projects running at once. Default 4. */
  parallel?: number;
  /** How often the queue version is polled (ms). Default 250. */
  pollMs?: number;
  heartbeatMs?: number;
  staleMs?: number;
  /** How often a passive runner tries to take the lease (ms). Default 1000. */
  leaseRetryMs?: number;
}

/** What an aborted intent's signal says. */
export function abortMessage(reason: AbortReason): string {
  if (reason === 'cancel') return 'Cancelled by the user';
  if (reason === 'stop') return 'Shipyard is stopping';
  return 'Another Shipyard process took over this project';
}
