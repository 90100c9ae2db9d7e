// The input history in the state database: per project, most recent first, each text once, bounded,
// and there after the database is opened again.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { addInputHistory, HISTORY_LIMIT, inputHistory } from '../../src/store/input-history.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(() => removeTempDirs());

describe('input history', () => {
  it('keeps texts per project, most recent first, each once, across reopening', () => {
    const file = path.join(makeTempDir('shipyard-history-'), 'state.db');
    const db = openDb(file);
    addInputHistory(db, '/ws/api', 'fix the retry');
    addInputHistory(db, '/ws/web', 'bump vitest');
    addInputHistory(db, '/ws/api', 'add a test');
    addInputHistory(db, '/ws/api', 'fix the retry');
    db.close();
    const again = openDb(file);
    expect(inputHistory(again, '/ws/api')).toEqual(['fix the retry', 'add a test']);
    expect(inputHistory(again, '/ws/web')).toEqual(['bump vitest']);
    expect(inputHistory(again, '/ws/none')).toEqual([]);
    again.close();
  });

  it('keeps at most the last HISTORY_LIMIT rows of a project', () => {
    const db = openDb(path.join(makeTempDir('shipyard-history-'), 'state.db'));
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) addInputHistory(db, '/ws/api', `text ${i}`);
    const count = db.prepare('SELECT count(*) AS n FROM input_history').get() as { n: number };
    expect(count.n).toBe(HISTORY_LIMIT);
    expect(inputHistory(db, '/ws/api', 3)).toEqual([
      `text ${HISTORY_LIMIT + 19}`,
      `text ${HISTORY_LIMIT + 18}`,
      `text ${HISTORY_LIMIT + 17}`,
    ]);
    db.close();
  });
});
