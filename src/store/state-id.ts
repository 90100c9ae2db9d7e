// The state database's own id (migration 16): random, made once, never changed. Snapshot refs are
// named with it, so an intent number of another database (or of this path's earlier database) is
// never taken for this one's.
import type { Db } from './db.js';

const ids = new WeakMap<Db, string>();

export function stateId(db: Db): string {
  let id = ids.get(db);
  if (!id) {
    const row = db.prepare('SELECT state_id FROM state_identity WHERE id = 1').get() as { state_id: string };
    id = row.state_id;
    ids.set(db, id);
  }
  return id;
}
