// The intent queues: one ordered queue per project, shared by every process through SQLite.
// Every change is one IMMEDIATE transaction that also bumps `queue_version`, so another process
// sees any change by reading one row.

import { UserError } from '../errors.js';
import type { IntentState } from '../model/intent.js';
import {
  type FinishedState,
  type Intent,
  type IntentRow,
  intentFromRow,
  retryableStates,
} from '../model/intent.js';
import { ownStart } from '../processes.js';
import { IntentOwnership } from './intent-owners.js';
import { SELECT } from './intent-table.js';

export { rememberProjects } from './projects.js';

export class IntentStore extends IntentOwnership {
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
}

function requireText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) throw new UserError('An intent needs some text.');
  return trimmed;
}
