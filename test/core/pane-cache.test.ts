// The pane cache: what one run leaves in the state database, the next run's first frame shows
// (git marked stale); rows that are not a pane are skipped, never shown raw.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PaneCache, restorePane } from '../../src/core/pane-cache.js';
import { type Db, openDb } from '../../src/store/db.js';
import { gitStatus, paneState } from '../support/fixtures.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

let db: Db;
beforeEach(() => {
  db = openDb(path.join(makeTempDir('shipyard-pane-cache-'), 'state.db'));
});
afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('pane cache', () => {
  it('gives the next run each pane as it was, git marked stale, a working agent shown idle', () => {
    const done = { kind: 'done', at: 1_700_000_000_000 } as const;
    const api = paneState('api', {
      git: gitStatus({ modified: 2, dirty: 2 }),
      activity: done,
      lines: [
        { kind: 'user', text: 'fix the tests' },
        { kind: 'assistant', text: 'Fixed.' },
      ],
      queueLength: 1,
      tokens: { input: 1200, cached: 1000, output: 80 },
    });
    const web = paneState('web', { activity: { kind: 'thinking', since: Date.now() } });
    new PaneCache(db).close([api, web]);

    const cache = new PaneCache(db);
    const cached = cache.read([api.project.path, web.project.path, '/not/cached']);
    expect(cached.size).toBe(2);
    const restored = restorePane(paneState('api', { git: undefined }), cached.get(api.project.path));
    expect(restored).toMatchObject({
      git: api.git,
      stale: true,
      activity: done,
      lines: api.lines,
      queueLength: 1,
      tokens: api.tokens,
    });
    expect(cached.get(web.project.path)?.activity).toEqual({ kind: 'idle' });
    const fresh = paneState('new');
    expect(restorePane(fresh, cached.get('/not/cached'))).toBe(fresh);
  });

  it('keeps the last 40 lines, and writes only what changed, never a stale pane', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ kind: 'assistant' as const, text: `line ${i}` }));
    const pane = paneState('api', { lines });
    new PaneCache(db).close([pane]);
    const row = () =>
      db.prepare('SELECT state, updated_at FROM pane_cache').get() as { state: string; updated_at: number };
    const first = row();
    const cache = new PaneCache(db);
    const cached = cache.read([pane.project.path]).get(pane.project.path)!;
    expect(cached.lines.map((line) => line.text)).toEqual(lines.slice(-40).map((line) => line.text));
    db.prepare('UPDATE pane_cache SET updated_at = 1').run();
    cache.close([pane]); // unchanged: not written again
    expect(row().updated_at).toBe(1);
    cache.close([{ ...pane, stale: true, queueLength: 5 }]);
    expect(row().updated_at).toBe(1);
    cache.close([{ ...pane, queueLength: 5 }]);
    expect(row().updated_at).toBeGreaterThanOrEqual(first.updated_at);
    expect(JSON.parse(row().state).queueLength).toBe(5);
  });

  it('skips rows that are not a pane and strips control sequences from what it shows', () => {
    const insert = db.prepare('INSERT INTO pane_cache (project, state, updated_at) VALUES (?, ?, 0)');
    insert.run('/broken/json', '{not json');
    insert.run('/broken/shape', JSON.stringify({ git: { branch: 7 }, lines: 'nope', activity: 'done' }));
    insert.run(
      '/escapes',
      JSON.stringify({
        git: {
          ...gitStatus(),
          branch: 'main\u001b[2J',
          lastCommit: { ...gitStatus().lastCommit, subject: 'a\u0007b' },
        },
        lines: [
          { kind: 'assistant', text: 'hi\u001b[31m red' },
          { kind: 'evil', text: 'x' },
        ],
        activity: { kind: 'failed', at: -1, message: 'x' },
        queueLength: -3,
      }),
    );
    const cached = new PaneCache(db).read(['/broken/json', '/broken/shape', '/escapes']);
    expect(cached.has('/broken/json')).toBe(false);
    expect(cached.get('/broken/shape')).toEqual({ activity: { kind: 'idle' }, lines: [], queueLength: 0 });
    const escapes = cached.get('/escapes')!;
    expect(escapes.git?.branch).toBe('main\\e[2J');
    expect(escapes.git?.lastCommit?.subject).toBe('ab');
    expect(escapes.lines).toEqual([{ kind: 'assistant', text: 'hi red' }]);
    expect(escapes.activity).toEqual({ kind: 'idle' });
    expect(escapes.queueLength).toBe(0);
  });
});
