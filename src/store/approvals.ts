// Approvals that wait for the user, in the state database: the process whose agent asked writes the
// request and waits; any process (this app, another app on the workspace, `shipyard approve`, a
// remote grid's server) writes the answer, and the asking process reads it back.
import type { ApprovalAnswer } from '../model/feed.js';
import { ownStart, pidAlive } from '../processes.js';
import type { Db } from './db.js';
import { statementCache } from './statements.js';

/** One approval that waits: what it is about and who asked. */
export interface PendingApproval {
  id: number;
  projectPath: string;
  intentId: number;
  tool: string;
  summary: string;
  detail: string;
  askedAt: number;
}

interface ApprovalRow {
  id: number;
  project: string;
  intent_id: number;
  tool: string;
  summary: string;
  detail: string;
  pid: number;
  pid_started: string | null;
  asked_at: number;
}

export class ApprovalStore {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** Records a request of this process's agent; returns its id. */
  ask(
    projectPath: string,
    intentId: number,
    request: { tool: string; summary: string; detail: string },
  ): number {
    const result = this.sql(
      `INSERT INTO approvals (project, intent_id, tool, summary, detail, pid, pid_started, asked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      projectPath,
      intentId,
      request.tool,
      request.summary,
      request.detail,
      process.pid,
      ownStart,
      Date.now(),
    );
    return Number(result.lastInsertRowid);
  }

  /** The answer written for request `id`, once there is one. */
  answerOf(id: number): ApprovalAnswer | undefined {
    const row = this.sql('SELECT answer FROM approvals WHERE id = ?').get(id) as
      | { answer: ApprovalAnswer | null }
      | undefined;
    return row?.answer ?? undefined;
  }

  /** The asking process is done with request `id` (answered, cancelled, or the intent ended). */
  close(id: number): void {
    this.sql('UPDATE approvals SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run(Date.now(), id);
  }

  /**
   * Approvals that wait, oldest first: not closed, not answered, and asked by a process that still
   * lives (a dead one's requests are closed on the way).
   */
  pending(projectPath?: string): PendingApproval[] {
    const rows = (projectPath === undefined
      ? this.sql('SELECT * FROM approvals WHERE closed_at IS NULL AND answer IS NULL ORDER BY id').all()
      : this.sql(
          'SELECT * FROM approvals WHERE project = ? AND closed_at IS NULL AND answer IS NULL ORDER BY id',
        ).all(projectPath)) as unknown as ApprovalRow[];
    const live: PendingApproval[] = [];
    for (const row of rows) {
      if (!pidAlive(row.pid, row.pid_started)) {
        this.close(row.id);
        continue;
      }
      live.push({
        id: row.id,
        projectPath: row.project,
        intentId: row.intent_id,
        tool: row.tool,
        summary: row.summary,
        detail: row.detail,
        askedAt: row.asked_at,
      });
    }
    return live;
  }

  /**
   * Answers the project's waiting approval (request `id` only, when given). Returns the request
   * answered, or undefined when none waits (or another one does than `id`).
   */
  answer(projectPath: string, answer: ApprovalAnswer, id?: number): PendingApproval | undefined {
    const waiting = this.pending(projectPath)[0];
    if (!waiting || (id !== undefined && waiting.id !== id)) return undefined;
    const result = this.sql(
      'UPDATE approvals SET answer = ?, answered_at = ? WHERE id = ? AND answer IS NULL AND closed_at IS NULL',
    ).run(answer, Date.now(), waiting.id);
    return Number(result.changes) === 1 ? waiting : undefined;
  }
}
