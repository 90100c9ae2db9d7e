// The intents table underneath the queue: statements, one intent by id, its events, the version
// every change bumps, and the one transaction every change runs in.
import type { StatementSync } from 'node:sqlite';
import {
  type Intent,
  type IntentEvent,
  type IntentRow,
  type IntentState,
  intentFromRow,
} from '../model/intent.js';
import { type Db, transaction } from './db.js';
import { statementCache } from './statements.js';

export const SELECT =
  'SELECT i.*, p.name AS project_name FROM intents i LEFT JOIN projects p ON p.path = i.project';

export class IntentTable {
  protected readonly sql: (query: string) => StatementSync;

  constructor(readonly db: Db) {
    this.sql = statementCache(db);
  }

  get(id: number): Intent | undefined {
    const row = this.row<IntentRow>(`${SELECT} WHERE i.id = ?`, id);
    return row ? intentFromRow(row) : undefined;
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

  protected change<T>(work: () => T): T {
    return transaction(this.db, () => {
      const result = work();
      this.sql('UPDATE queue_version SET version = version + 1 WHERE id = 1').run();
      return result;
    });
  }

  protected event(id: number, state: IntentState): void {
    this.sql('INSERT INTO intent_events (intent_id, state, at) VALUES (?, ?, ?)').run(id, state, Date.now());
  }

  protected row<T>(query: string, ...params: (string | number | null)[]): T | undefined {
    return this.sql(query).get(...params) as T | undefined;
  }
}
