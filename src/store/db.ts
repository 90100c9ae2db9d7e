// The state database: node:sqlite in WAL mode, shared safely by the TUI and CLI processes.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { UserError } from '../errors.js';
import { migrations } from './migrations.js';
import { statePath } from './paths.js';

export type Db = DatabaseSync;

export function openDb(file: string = statePath()): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  } catch (error) {
    throw new UserError(`State database ${file} cannot be opened: ${(error as Error).message}`);
  }
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const version = (): number =>
    Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  if (version() > migrations.length) {
    throw new UserError(
      `State database was written by a newer Shipyard (schema ${version()}); please upgrade.`,
    );
  }
  while (version() < migrations.length) {
    // Re-read inside the write lock: another process may have migrated while we waited for it.
    transaction(db, () => {
      const current = version();
      if (current >= migrations.length) return;
      db.exec(migrations[current]!);
      db.exec(`PRAGMA user_version = ${current + 1}`);
    });
  }
}

/** Runs `work` in one IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlocks). */
export function transaction<T>(db: Db, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
