// The state database: node:sqlite in WAL mode, shared safely by the TUI and CLI processes.
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { UserError } from '../errors.js';
import { migrations } from './migrations.js';
import { ensureFolder, statePath } from './paths.js';

export type Db = DatabaseSync;

// The file each handle opened: a database deleted or replaced under a running process is noticed.
const identities = new WeakMap<Db, { file: string; dev: number; ino: number }>();

export function openDb(file: string = statePath()): Db {
  ensureFolder(path.dirname(file));
  let db: DatabaseSync;
  try {
    // It holds every tool output: only its owner may read it (SQLite gives -wal and -shm the same mode).
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    db = new DatabaseSync(file, { timeout: 5000 });
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
    ownerOnly(file, `${file}-wal`, `${file}-shm`);
    const { dev, ino } = fs.statSync(file);
    identities.set(db, { file, dev, ino });
  } catch (error) {
    throw new UserError(`State database ${file} cannot be opened: ${(error as Error).message}`);
  }
  migrate(db);
  return db;
}

/** A database an older Shipyard made world-readable becomes its owner's (where we may change it). */
function ownerOnly(...files: string[]): void {
  for (const file of files) {
    try {
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    } catch {
      // Not there (no WAL yet), or not ours to change.
    }
  }
}

/** Why the database file is no longer the one `db` has open (deleted, replaced), or undefined. */
export function databaseGone(db: Db): string | undefined {
  const opened = identities.get(db);
  if (!opened) return undefined;
  try {
    const now = fs.statSync(opened.file);
    if (now.dev === opened.dev && now.ino === opened.ino) return undefined;
    return `State database ${opened.file} was replaced while Shipyard ran; stopping (restart to use the new one)`;
  } catch {
    return `State database ${opened.file} was deleted while Shipyard ran; stopping (restart to start afresh)`;
  }
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
