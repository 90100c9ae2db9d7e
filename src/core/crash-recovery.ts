// What a Shipyard process that died (kill -9, a crash) left behind: agent commands still running
// (no sandbox killed them) and the overlay layers of the commands it ran. Cleared once per state
// database handle, before the first command of this process: by `startRunner` (the app, `ask`,
// `run`) and by the executor when it is made (which then finds it done).
import path from 'node:path';
import { removeStaleLayers } from '../sandbox/overlay.js';
import { killOrphanedGroups } from '../store/command-groups.js';
import type { Db } from '../store/db.js';

const recovered = new WeakSet<Db>();

/** Where overlay layers live: beside the state database (usually the projects' file system, so a merge is a rename). */
export function layerBaseOf(db: Db): string | undefined {
  const file = db.location();
  return file ? path.join(path.dirname(file), 'overlays') : undefined;
}

export function recoverFromCrash(db: Db): void {
  if (recovered.has(db)) return;
  recovered.add(db);
  killOrphanedGroups(db);
  const base = layerBaseOf(db);
  if (base) removeStaleLayers(base);
}
