// Two processes writing the same queue at the same moment lose nothing.
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { IntentStore } from '../../src/store/intents.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { spawnTsx } from '../support/tsx-child.js';

afterEach(removeTempDirs);

it('keeps every intent, with consistent ids and positions, when two processes enqueue at once', async () => {
  const home = makeTempDir('shipyard-concurrency-');
  const file = path.join(home, 'state.db');
  const db = openDb(file); // migrated before the children start
  const project = '/work/ws/api';
  const goAt = Date.now() + 1500; // both children are loaded by then, so their writes interleave
  const children = ['left', 'right'].map((label) =>
    spawnTsx('test/support/store-child.ts', ['enqueue', file, project, '50', label, String(goAt)], {
      SHIPYARD_HOME: home,
    }),
  );
  const codes = await Promise.all(children.map((child) => child.exited));
  expect(codes, children.map((child) => child.stderr()).join('\n')).toEqual([0, 0]);

  const intents = new IntentStore(db).list({ project });
  expect(intents).toHaveLength(100);
  for (const label of ['left', 'right']) {
    // Each process's intents are in the order it sent them.
    const own = intents.filter((intent) => intent.text.startsWith(label)).map((intent) => intent.text);
    expect(own).toEqual(Array.from({ length: 50 }, (_, i) => `${label} ${i}`));
  }
  const ids = intents.map((intent) => intent.id);
  const positions = intents.map((intent) => intent.position);
  expect(new Set(ids).size).toBe(100);
  expect(new Set(positions).size).toBe(100);
  // Queue order (position) agrees with the order of arrival (id).
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  const interleaved = intents.slice(0, 99).filter((intent, i) => intent.text[0] !== intents[i + 1]!.text[0]);
  console.log(`enqueue race: ${interleaved.length + 1} runs of one process in the merged queue`);
  db.close();
});
