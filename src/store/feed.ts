// The feed table: the events of intents, appended by the process that runs them and read by every
// other process (the app polls it to show an `ask` or another runner live) and by the next start
// (a pane is restored by replaying them). Each project keeps the events of its last intents.
import type { FeedEntry, FeedEvent } from '../model/feed.js';
import type { Db } from './db.js';
import { statementCache } from './statements.js';

interface FeedRow {
  id: number;
  project: string;
  intent_id: number;
  pid: number;
  event: string;
  at: number;
}

const entryOf = (row: FeedRow): FeedEntry => ({
  id: row.id,
  projectPath: row.project,
  intentId: row.intent_id,
  pid: row.pid,
  at: row.at,
  event: JSON.parse(row.event) as FeedEvent,
});

export class FeedStore {
  private readonly sql: (text: string) => import('node:sqlite').StatementSync;

  constructor(readonly db: Db) {
    this.sql = statementCache(db);
  }

  append(projectPath: string, intentId: number, event: FeedEvent, pid = process.pid): number {
    const result = this.sql(
      'INSERT INTO feed (project, intent_id, pid, event, at) VALUES (?, ?, ?, ?, ?)',
    ).run(projectPath, intentId, pid, JSON.stringify(event), Date.now());
    return Number(result.lastInsertRowid);
  }

  /**
   * Keeps the project's events from the first event of its `intents`-th last intent on (what a
   * restored pane replays), and drops the older ones.
   */
  keepLastIntents(projectPath: string, intents: number): void {
    const cut = this.sql(
      `SELECT MIN(id) AS first FROM feed WHERE project = ? AND intent_id != 0
       GROUP BY intent_id ORDER BY first DESC LIMIT 1 OFFSET ?`,
    ).get(projectPath, Math.max(0, intents - 1)) as { first: number } | undefined;
    if (cut) this.sql('DELETE FROM feed WHERE project = ? AND id < ?').run(projectPath, cut.first);
  }

  /** Every kept event of a project, oldest first: what its pane showed, to replay after a restart. */
  ofProject(projectPath: string): FeedEntry[] {
    const rows = this.sql(
      'SELECT id, project, intent_id, pid, event, at FROM feed WHERE project = ? ORDER BY id',
    ).all(projectPath) as unknown as FeedRow[];
    return rows.map(entryOf);
  }

  /** Id of the newest event (0 when none): where a reader starts. */
  lastId(): number {
    const row = this.sql('SELECT MAX(id) AS id FROM feed').get() as { id: number | null } | undefined;
    return row?.id ?? 0;
  }

  /** Events after `afterId` written by other processes than `exceptPid`, oldest first (at most `limit`). */
  since(afterId: number, exceptPid: number, limit = 2000): FeedEntry[] {
    const rows = this.sql(
      'SELECT id, project, intent_id, pid, event, at FROM feed WHERE id > ? AND pid != ? ORDER BY id LIMIT ?',
    ).all(afterId, exceptPid, limit) as unknown as FeedRow[];
    return rows.map(entryOf);
  }
}
