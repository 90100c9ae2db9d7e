import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pidAlive, processStarted } from '../../src/processes.js';
import { type Db, openDb } from '../../src/store/db.js';
import { acquireLease, heartbeat, readLease, releaseLease } from '../../src/store/lease.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { spawnTsx } from '../support/tsx-child.js';

let home: string;
let file: string;
let db: Db;
const ws = '/work/ws';

beforeEach(() => {
  home = makeTempDir('shipyard-lease-');
  file = path.join(home, 'state.db');
  db = openDb(file);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('runner lease', () => {
  it('is held by one holder until released, stale, or its process is gone', async () => {
    expect(acquireLease(db, ws, 'one')).toBe(true);
    expect(acquireLease(db, ws, 'one')).toBe(true);
    expect(acquireLease(db, ws, 'two')).toBe(false);
    expect(acquireLease(db, '/other/ws', 'two')).toBe(true);
    expect(heartbeat(db, ws, 'one')).toBe(true);
    expect(heartbeat(db, ws, 'two')).toBe(false);
    expect(readLease(db, ws)).toMatchObject({ holder: 'one', pid: process.pid });

    // Stale: the heartbeat is older than staleMs, although the process lives.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(acquireLease(db, ws, 'two', { staleMs: 10 })).toBe(true);
    expect(heartbeat(db, ws, 'one')).toBe(false);
    expect(releaseLease(db, ws, 'one')).toBe(false);
    expect(releaseLease(db, ws, 'two')).toBe(true);
    expect(readLease(db, ws)).toBeUndefined();
  });

  it('is taken over at once when the holder process is dead', async () => {
    const child = spawnTsx('test/support/store-child.ts', ['steer', file, '/p', 'x'], {
      SHIPYARD_HOME: home,
    });
    expect(await child.exited).toBe(0);
    const deadPid = child.process.pid!;
    expect(pidAlive(deadPid)).toBe(false);
    expect(pidAlive(process.pid)).toBe(true);
    expect(acquireLease(db, ws, 'dead', { pid: deadPid })).toBe(true);
    expect(acquireLease(db, ws, 'alive', { staleMs: 60_000 })).toBe(true);
    expect(readLease(db, ws)?.holder).toBe('alive');
  });

  it('is taken over when the holder died and its pid now belongs to another process', () => {
    expect(acquireLease(db, ws, 'old', { pid: process.pid })).toBe(true);
    expect(acquireLease(db, ws, 'new', { staleMs: 60_000 })).toBe(false);
    // What a reused pid looks like: the pid lives, but it started at another time than the holder.
    expect(readLease(db, ws)?.pidStarted).toBe(processStarted(process.pid));
    db.prepare('UPDATE leases SET pid_started = ? WHERE project = ?').run('1', ws);
    expect(pidAlive(process.pid, '1')).toBe(false);
    expect(acquireLease(db, ws, 'new', { staleMs: 60_000 })).toBe(true);
    expect(readLease(db, ws)?.holder).toBe('new');
  });

  it('goes to exactly one of two processes racing for it', async () => {
    const goAt = Date.now() + 1500;
    const children = ['a', 'b'].map((holder) =>
      spawnTsx('test/support/store-child.ts', ['lease', file, ws, holder, String(goAt)], {
        SHIPYARD_HOME: home,
      }),
    );
    try {
      const lines = await Promise.all(
        children.map((child) => child.waitForLine((line) => line.startsWith('{'))),
      );
      const results = lines.map((line) => JSON.parse(line) as { won: boolean; pid: number });
      expect(results.filter((result) => result.won)).toHaveLength(1);
      const winner = results.find((result) => result.won)!;
      expect(readLease(db, ws)?.pid).toBe(winner.pid);
      // A third contender in this process loses while the winner lives.
      expect(acquireLease(db, ws, 'c', { staleMs: 60_000 })).toBe(false);
    } finally {
      for (const child of children) child.process.stdin!.end();
      await Promise.all(children.map((child) => child.exited));
    }
  });
});
