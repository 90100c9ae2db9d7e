// Token usage per model request: input, cached and output tokens, for the pane header and reports.
import type { Db } from './db.js';

export interface UsageTotals {
  input: number;
  cached: number;
  output: number;
}

export function recordUsage(
  db: Db,
  projectPath: string,
  intentId: number | null,
  usage: UsageTotals,
  at = Date.now(),
): void {
  db.prepare(
    'INSERT INTO usage (project, intent_id, input_tokens, cached_tokens, output_tokens, at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(projectPath, intentId, usage.input, usage.cached, usage.output, at);
}

export function usageTotals(db: Db, projectPath: string): UsageTotals {
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(input_tokens), 0) AS input, COALESCE(SUM(cached_tokens), 0) AS cached,
              COALESCE(SUM(output_tokens), 0) AS output FROM usage WHERE project = ?`,
    )
    .get(projectPath) as unknown as UsageTotals;
  return { input: Number(row.input), cached: Number(row.cached), output: Number(row.output) };
}
