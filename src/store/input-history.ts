// Input history: what the user typed into a project's input (queued, steered, saved as an edit), most
// recent first, across restarts. One row per submit; a repeat moves to the front when read.
import type { Db } from './db.js';

/** How many texts a project keeps; older ones are deleted as new ones arrive. */
export const HISTORY_LIMIT = 200;

export function addInputHistory(db: Db, projectPath: string, text: string): void {
  db.prepare('INSERT INTO input_history (project, text, at) VALUES (?, ?, ?)').run(
    projectPath,
    text,
    Date.now(),
  );
  db.prepare(
    `DELETE FROM input_history WHERE project = ? AND id <= (
       SELECT id FROM input_history WHERE project = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
  ).run(projectPath, projectPath, HISTORY_LIMIT);
}

/** The project's texts, most recent first, each once. */
export function inputHistory(db: Db, projectPath: string, limit = 100): string[] {
  const rows = db
    .prepare('SELECT text FROM input_history WHERE project = ? ORDER BY id DESC LIMIT ?')
    .all(projectPath, HISTORY_LIMIT) as unknown as { text: string }[];
  return [...new Set(rows.map((row) => row.text))].slice(0, limit);
}
