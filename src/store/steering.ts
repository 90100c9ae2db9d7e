// Steering: text the user hands to a running turn. Stored in SQLite so the TUI or the CLI in another
// process can steer the runner that holds the lease; the agent takes it at its next step.
import type { Db } from './db.js';
import { transaction } from './db.js';

/** Queues steering text for the project's running (or next) turn; returns its id. */
export function addSteering(db: Db, projectPath: string, text: string, intentId?: number): number {
  const result = db
    .prepare('INSERT INTO steering (project, intent_id, text, created_at) VALUES (?, ?, ?, ?)')
    .run(projectPath, intentId ?? null, text, Date.now());
  return Number(result.lastInsertRowid);
}

/** Takes every unconsumed steering text of the project, oldest first, and marks it consumed. */
export function takeSteering(db: Db, projectPath: string): string[] {
  // A cheap read first: the agent calls this at every step, and most steps find nothing.
  if (pendingSteering(db, projectPath) === 0) return [];
  return transaction(db, () => {
    const rows = db
      .prepare('SELECT id, text FROM steering WHERE project = ? AND consumed_at IS NULL ORDER BY id')
      .all(projectPath) as unknown as { id: number; text: string }[];
    const consume = db.prepare('UPDATE steering SET consumed_at = ? WHERE id = ?');
    const now = Date.now();
    for (const row of rows) consume.run(now, row.id);
    return rows.map((row) => row.text);
  });
}

/** How many steering texts wait for the project's agent. */
export function pendingSteering(db: Db, projectPath: string): number {
  const row = db
    .prepare('SELECT COUNT(*) AS n FROM steering WHERE project = ? AND consumed_at IS NULL')
    .get(projectPath) as { n: number };
  return row.n;
}
