// The intent queues: one ordered queue per project, shared by every process through SQLite.
// Every change is one IMMEDIATE transaction that also bumps `queue_version`, so another process
// sees any change by reading one row.

import type { StatementSync } from 'node:sqlite';
import { UserError } from '../errors.js';
import type { IntentState } from '../model/intent.js';
import {
  type FinishedState,
  type Intent,
  type IntentEvent,
  type IntentRow,
  intentFromRow,
  retryableStates,
} from '../model/intent.js';
import { ownStart, pidAlive } from '../processes.js';
import { type Db, transaction } from './db.js';
import { statementCache } from './statements.js';

export { rememberProjects } from './projects.js';

/** A running intent and the process that runs it (pid and start time; see processStarted). */
interface OwnedRow {
  id: number;
  owner_pid: number | null;
  owner_started: string | null;
}

const SELECT = 'SELECT i.*, p.name AS project_name FROM intents i LEFT JOIN projects p ON p.path = i.project';

export class IntentStore {
  private readonly sql: (query: string) => StatementSync;

  constructor(readonly db: Db) {
    this.sql = statementCache(db);
  }

  enqueue(
    projectPath: string,
    text: string,
    options: { refs?: string[]; at?: 'end' | 'front' } = {},
  ): Intent {
    const trimmed = requireText(text);
    return this.get(this.change(() => this.insert(projectPath, trimmed, options.refs, options.at ?? 'end')))!;
  }

  list(filter: { project?: string; states?: IntentState[] } = {}): Intent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.project !== undefined) {
      where.push('i.project = ?');
      params.push(filter.project);
    }
    if (filter.states) {
      if (filter.states.length === 0) return [];
      where.push(`i.state IN (${filter.states.map(() => '?').join(', ')})`);
      params.push(...filter.states);
    }
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = this.sql(`${SELECT}${clause} ORDER BY i.project, i.position, i.id`).all(...params);
    return (rows as unknown as IntentRow[]).map(intentFromRow);
  }

  /**
   * What a pane lists: every open intent (queued, running) plus the `finished` most recent finished ones
   * of each project — one query, however long the history grows. In the order they ran (an `ask`
   * starts at the front of the queue, so position says nothing of it), then the queue in its order.
   */
  recent(finished: number): Intent[] {
    const rows = this.sql(
      `SELECT * FROM (
         SELECT i.*, p.name AS project_name,
           ROW_NUMBER() OVER (PARTITION BY i.project, i.state IN ('queued', 'running') ORDER BY COALESCE(i.finished_at, i.created_at) DESC, i.id DESC) AS recency
         FROM intents i LEFT JOIN projects p ON p.path = i.project)
       WHERE state IN ('queued', 'running') OR recency <= ?
       ORDER BY project, state = 'queued',
         CASE WHEN state = 'queued' THEN 0 ELSE COALESCE(started_at, finished_at, created_at) END,
         CASE WHEN state = 'queued' THEN position ELSE id END, id`,
    ).all(finished);
    return (rows as unknown as IntentRow[]).map(intentFromRow);
  }

  get(id: number): Intent | undefined {
    const row = this.row<IntentRow>(`${SELECT} WHERE i.id = ?`, id);
    return row ? intentFromRow(row) : undefined;
  }

  /** The intent a runner should start next, or undefined when the queue is empty or paused. */
  next(projectPath: string): Intent | undefined {
    if (this.isPaused(projectPath)) return undefined;
    const row = this.row<IntentRow>(
      `${SELECT} WHERE i.project = ? AND i.state = 'queued' ORDER BY i.position, i.id LIMIT 1`,
      projectPath,
    );
    return row ? intentFromRow(row) : undefined;
  }

  /** queued → running. Returns undefined when another process (or a user) got there first. */
  /**
   * Records an intent that runs right now, outside the queue (`shipyard ask`): inserted as running in
   * one transaction, so no runner can claim it first. Refused while the project runs another intent.
   */
  startNow(projectPath: string, text: string, options: { refs?: string[] } = {}): Intent {
    const trimmed = requireText(text);
    this.reapOrphans(projectPath);
    const id = this.change(() => {
      const busy = this.row<{ id: number }>(
        `SELECT id FROM intents WHERE project = ? AND state = 'running' LIMIT 1`,
        projectPath,
      );
      if (busy) {
        throw new UserError(
          `Intent #${busy.id} is running in this project; queue this one instead (shipyard queue)`,
        );
      }
      const id = this.insert(projectPath, trimmed, options.refs, 'front');
      this.sql(
        `UPDATE intents SET state = 'running', started_at = ?, owner_pid = ?, owner_started = ? WHERE id = ?`,
      ).run(Date.now(), process.pid, ownStart, id);
      this.event(id, 'running');
      return id;
    });
    return this.get(id)!;
  }

  /** A new queued intent at the end (or the front) of its project's queue; inside a change(). */
  private insert(projectPath: string, text: string, refs: string[] | undefined, at: 'end' | 'front'): number {
    const { position } = this.row<{ position: number }>(
      at === 'end'
        ? 'SELECT COALESCE(MAX(position), 0) + 1 AS position FROM intents WHERE project = ?'
        : 'SELECT COALESCE(MIN(position), 1) - 1 AS position FROM intents WHERE project = ?',
      projectPath,
    )!;
    const result = this.sql(
      `INSERT INTO intents (project, text, state, position, created_at, refs) VALUES (?, ?, 'queued', ?, ?, ?)`,
    ).run(projectPath, text, position, Date.now(), refs?.length ? JSON.stringify(refs) : null);
    const id = Number(result.lastInsertRowid);
    this.event(id, 'queued');
    return id;
  }

  claim(id: number): Intent | undefined {
    const claimed = this.change(() => {
      const result = this.sql(
        `UPDATE intents SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'`,
      ).run(Date.now(), id);
      if (result.changes === 0) return false;
      this.event(id, 'running');
      return true;
    });
    return claimed ? this.get(id) : undefined;
  }

  /** running → a final state. False when the intent is no longer running (e.g. marked interrupted). */
  finish(id: number, state: FinishedState, detail: { error?: string; summary?: string } = {}): boolean {
    return this.change(() => {
      const result = this.sql(
        `UPDATE intents SET state = ?, finished_at = ?, error = ?, summary = ?, cancel_requested_at = NULL
         WHERE id = ? AND state = 'running'`,
      ).run(state, Date.now(), detail.error ?? null, detail.summary ?? null, id);
      if (result.changes === 0) return false;
      this.event(id, state);
      return true;
    });
  }

  /** Swaps a queued intent with its queued neighbour. False when it is already at that end. */
  move(id: number, direction: 'up' | 'down'): boolean {
    return this.change(() => {
      const intent = this.expect(id, ['queued'], 'moved');
      const [compare, order] = direction === 'up' ? ['<', 'DESC'] : ['>', 'ASC'];
      const neighbour = this.row<{ id: number; position: number }>(
        `SELECT id, position FROM intents WHERE project = ? AND state = 'queued' AND position ${compare} ?
         ORDER BY position ${order} LIMIT 1`,
        intent.projectPath,
        intent.position,
      );
      if (!neighbour) return false;
      const setPosition = this.sql('UPDATE intents SET position = ? WHERE id = ?');
      setPosition.run(neighbour.position, id);
      setPosition.run(intent.position, neighbour.id);
      return true;
    });
  }

  edit(id: number, text: string): Intent {
    const trimmed = requireText(text);
    this.change(() => {
      this.expect(id, ['queued'], 'edited');
      this.sql('UPDATE intents SET text = ? WHERE id = ?').run(trimmed, id);
    });
    return this.get(id)!;
  }

  /** Deletes a queued or finished intent and its events. A running one must be cancelled first. */
  remove(id: number): void {
    this.change(() => {
      this.expect(id, ['queued', 'done', 'failed', 'cancelled', 'interrupted'], 'removed');
      this.sql('DELETE FROM intent_events WHERE intent_id = ?').run(id);
      this.sql('DELETE FROM intents WHERE id = ?').run(id);
    });
  }

  /** Re-queues a failed, interrupted or cancelled intent at the FRONT of its project's queue. */
  retry(id: number): Intent {
    this.change(() => {
      const intent = this.expect(id, [...retryableStates], 'retried');
      const { position } = this.row<{ position: number }>(
        `SELECT COALESCE(MIN(position) - 1, (SELECT MAX(position) + 1 FROM intents WHERE project = ?)) AS position
         FROM intents WHERE project = ? AND state = 'queued'`,
        intent.projectPath,
        intent.projectPath,
      )!;
      this.sql(
        `UPDATE intents SET state = 'queued', position = ?, started_at = NULL, finished_at = NULL, error = NULL,
           summary = NULL, cancel_requested_at = NULL WHERE id = ?`,
      ).run(position, id);
      this.event(id, 'queued');
    });
    return this.get(id)!;
  }

  /**
   * Cancels a queued intent at once (it stays in the history, retryable); asks the runner holding a
   * running one to abort it — whichever process that runner lives in.
   */
  requestCancel(id: number): 'cancelled' | 'requested' {
    return this.change(() => {
      const intent = this.expect(id, ['queued', 'running'], 'cancelled');
      if (intent.state === 'running') {
        this.sql('UPDATE intents SET cancel_requested_at = ? WHERE id = ?').run(Date.now(), id);
        return 'requested';
      }
      this.sql(`UPDATE intents SET state = 'cancelled', finished_at = ? WHERE id = ?`).run(Date.now(), id);
      this.event(id, 'cancelled');
      return 'cancelled';
    });
  }

  pause(projectPath: string): void {
    this.setPaused(projectPath, true);
  }

  resume(projectPath: string): void {
    this.setPaused(projectPath, false);
  }

  isPaused(projectPath: string): boolean {
    const row = this.row<{ paused: number }>('SELECT paused FROM queue_state WHERE project = ?', projectPath);
    return row?.paused === 1;
  }

  queuedCount(projectPath: string): number {
    return this.row<{ n: number }>(
      `SELECT COUNT(*) AS n FROM intents WHERE project = ? AND state = 'queued'`,
      projectPath,
    )!.n;
  }

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

  /** State changes of one intent, oldest first (for `shipyard log`). */
  events(id: number): IntentEvent[] {
    return this.sql('SELECT state, at FROM intent_events WHERE intent_id = ? ORDER BY id').all(
      id,
    ) as unknown as IntentEvent[];
  }

  /** Grows with every queue change by any process: poll it (~300 ms) and re-read only when it moved. */
  version(): number {
    return this.row<{ version: number }>('SELECT version FROM queue_version WHERE id = 1')!.version;
  }

  private setPaused(projectPath: string, paused: boolean): void {
    this.change(() => {
      this.sql(
        'INSERT INTO queue_state (project, paused) VALUES (?, ?) ON CONFLICT (project) DO UPDATE SET paused = excluded.paused',
      ).run(projectPath, paused ? 1 : 0);
    });
  }

  /** Loads an intent inside a transaction and checks it is in one of `states`. */
  private expect(id: number, states: IntentState[], verb: string): Intent {
    const intent = this.get(id);
    if (!intent) throw new UserError(`There is no intent #${id}.`);
    if (!states.includes(intent.state)) {
      throw new UserError(
        `Intent #${id} is ${intent.state}; only ${states.join('/')} intents can be ${verb}.`,
      );
    }
    return intent;
  }

  private change<T>(work: () => T): T {
    return transaction(this.db, () => {
      const result = work();
      this.sql('UPDATE queue_version SET version = version + 1 WHERE id = 1').run();
      return result;
    });
  }

  private event(id: number, state: IntentState): void {
    this.sql('INSERT INTO intent_events (intent_id, state, at) VALUES (?, ?, ?)').run(id, state, Date.now());
  }

  private row<T>(query: string, ...params: (string | number | null)[]): T | undefined {
    return this.sql(query).get(...params) as T | undefined;
  }
}

function requireText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new UserError('An intent needs some text.');
  return trimmed;
}
