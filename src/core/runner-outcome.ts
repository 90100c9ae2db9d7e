// What an execution of an intent can end as, and how an abort changes that.
import type { FinishedState, IntentState } from '../model/intent.js';

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
