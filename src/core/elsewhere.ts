// The title's word on projects whose agents another process runs (their intents go to it): all of
// them ("agents run in another Shipyard (pid 12)") or some by name; nothing when none.
import type { Project } from '../model/project.js';
import type { Db } from '../store/db.js';
import { readLease } from '../store/lease.js';

export function elsewhereTitle(
  db: Db,
  elsewhere: string[],
  projects: readonly Project[],
): string | undefined {
  if (elsewhere.length === 0) return undefined;
  const byPath = new Map(projects.map((project) => [project.path, project.name]));
  let pid: number | undefined;
  try {
    pid = readLease(db, elsewhere[0]!)?.pid;
  } catch {
    // Busy: the title goes without the pid.
  }
  const who = `another Shipyard${pid ? ` (pid ${pid})` : ''}`;
  if (elsewhere.length === projects.length) return `agents run in ${who}`;
  return `${who} runs ${elsewhere.map((p) => byPath.get(p) ?? p).join(', ')}`;
}
