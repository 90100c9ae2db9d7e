// An intent as core, CLI and UI see it, and the JSON shape the CLI prints.
import path from 'node:path';

export type IntentState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** The states `retry` accepts, wherever it is asked for (grid, zoomed queue, CLI). */
export const retryableStates: readonly IntentState[] = ['failed', 'interrupted', 'cancelled'];

export interface Intent {
  id: number;
  /** Display name of the project (its folder name when the project was never registered). */
  project: string;
  projectPath: string;
  text: string;
  state: IntentState;
  /** Order inside the project's queue; only meaningful among queued intents. */
  position: number;
  /** Names of sibling projects the intent refers to (`@name`). */
  refs: string[];
  /** Epoch milliseconds. */
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
  summary: string | null;
  /** Set by `requestCancel` on a running intent; the runner holding it aborts it. */
  cancelRequested: boolean;
}

/** The JSON shape the CLI prints (`--json`) and other tools read. */
export interface IntentRecord {
  id: number;
  project: string;
  projectPath: string;
  text: string;
  state: IntentState;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  summary: string | null;
  /** Sibling projects attached as references (`shipyard queue --from`). */
  refs: string[];
}

export type FinishedState = 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface IntentEvent {
  state: IntentState;
  at: number;
}

export function intentRecord(intent: Intent): IntentRecord {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: intent.id,
    project: intent.project,
    projectPath: intent.projectPath,
    text: intent.text,
    state: intent.state,
    createdAt: iso(intent.createdAt)!,
    startedAt: iso(intent.startedAt),
    finishedAt: iso(intent.finishedAt),
    error: intent.error,
    summary: intent.summary,
    refs: intent.refs,
  };
}

/** A row of the `intents` table joined with the project name, as the state database stores it. */
export interface IntentRow {
  id: number;
  project: string;
  project_name: string | null;
  text: string;
  state: IntentState;
  position: number;
  refs: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  summary: string | null;
  cancel_requested_at: number | null;
}

export function intentFromRow(row: IntentRow): Intent {
  return {
    id: row.id,
    project: row.project_name ?? path.basename(row.project),
    projectPath: row.project,
    text: row.text,
    state: row.state,
    position: row.position,
    refs: row.refs ? (JSON.parse(row.refs) as string[]) : [],
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    summary: row.summary,
    cancelRequested: row.cancel_requested_at !== null,
  };
}
