// Records which projects each workspace had, so state (queues, contexts) can be tied to them.
import type { Workspace } from '../model/project.js';
import { type Db, transaction } from './db.js';

export function rememberProjects(db: Db, workspace: Workspace, now = Date.now()): void {
  const upsert = db.prepare(
    `INSERT INTO projects (path, name, workspace, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET name = excluded.name, workspace = excluded.workspace, last_seen = excluded.last_seen`,
  );
  transaction(db, () => {
    for (const project of workspace.projects)
      upsert.run(project.path, project.name, workspace.root, now, now);
  });
}
