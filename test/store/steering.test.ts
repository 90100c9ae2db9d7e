import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { addSteering, pendingSteering, takeSteering } from '../../src/store/steering.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { spawnTsx } from '../support/tsx-child.js';

afterEach(removeTempDirs);

it('hands steering text to the project it was meant for, in order, once, across processes', async () => {
  const home = makeTempDir('shipyard-steering-');
  const file = path.join(home, 'state.db');
  const db = openDb(file);
  expect(takeSteering(db, '/ws/api')).toEqual([]);
  addSteering(db, '/ws/api', 'use the new logger');
  addSteering(db, '/ws/web', 'not for api');
  const child = spawnTsx('test/support/store-child.ts', ['steer', file, '/ws/api', 'and add a test'], {
    SHIPYARD_HOME: home,
  });
  expect(await child.exited, child.stderr()).toBe(0);
  expect(pendingSteering(db, '/ws/api')).toBe(2);
  expect(takeSteering(db, '/ws/api')).toEqual(['use the new logger', 'and add a test']);
  expect(takeSteering(db, '/ws/api')).toEqual([]);
  expect(takeSteering(db, '/ws/web')).toEqual(['not for api']);
  db.close();
});
