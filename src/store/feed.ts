// The feed table: the events of running intents, appended by the process that runs them and read
// by every other process (the app polls it to show an `ask` or another runner live).
import type { FeedEntry, FeedEvent } from '../model/feed.js';
import type { Db } from './db.js';
import { statementCache } from './statements.js';

interface FeedRow {
  id: number;
  project: string;
  intent_id: number;
  pid: number;
  event: string;
}

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

  /** Drops events saved before `before` (ms since the epoch): the feed is for showing work live. */
  prune(before: number): void {
    this.sql('DELETE FROM feed WHERE at < ?').run(before);
  }

  /** Id of the newest event (0 when none): where a reader starts. */
  lastId(): number {
    const row = this.sql('SELECT MAX(id) AS id FROM feed').get() as { id: number | null } | undefined;
    return row?.id ?? 0;
  }

  /** Events after `afterId` written by other processes than `exceptPid`, oldest first (at most `limit`). */
  since(afterId: number, exceptPid: number, limit = 2000): FeedEntry[] {
    const rows = this.sql(
      'SELECT id, project, intent_id, pid, event FROM feed WHERE id > ? AND pid != ? ORDER BY id LIMIT ?',
    ).all(afterId, exceptPid, limit) as unknown as FeedRow[];
    return rows.map((row) => ({
      id: row.id,
      projectPath: row.project,
      intentId: row.intent_id,
      pid: row.pid,
      event: JSON.parse(row.event) as FeedEvent,
    }));
  }
}
