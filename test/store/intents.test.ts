import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intentRecord } from '../../src/model/intent.js';
import { type Db, openDb } from '../../src/store/db.js';
import { IntentStore, rememberProjects } from '../../src/store/intents.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

let db: Db;
let store: IntentStore;
const api = '/work/ws/api';
const web = '/work/ws/web';

beforeEach(() => {
  const home = makeTempDir('shipyard-intents-');
  process.env.SHIPYARD_HOME = home;
  db = openDb(path.join(home, 'state.db'));
  store = new IntentStore(db);
});

afterEach(() => {
  db.close();
  removeTempDirs();
  delete process.env.SHIPYARD_HOME;
});

const texts = (project: string) => store.list({ project, states: ['queued'] }).map((intent) => intent.text);

describe('IntentStore', () => {
  it('queues per project in order and hands out the first queued intent', () => {
    const first = store.enqueue(api, '  fix the flaky test  ');
    store.enqueue(web, 'web one');
    store.enqueue(api, 'add a changelog');
    expect(first).toMatchObject({
      text: 'fix the flaky test',
      state: 'queued',
      projectPath: api,
      project: 'api',
    });
    expect(texts(api)).toEqual(['fix the flaky test', 'add a changelog']);
    expect(store.next(api)?.id).toBe(first.id);
    expect(store.queuedCount(api)).toBe(2);
    expect(store.queuedCount(web)).toBe(1);
    expect(() => store.enqueue(api, '   ')).toThrow(/needs some text/);
  });

  it('claims atomically, finishes once, and logs every state change', () => {
    const intent = store.enqueue(api, 'one');
    const claimed = store.claim(intent.id);
    expect(claimed?.state).toBe('running');
    expect(claimed?.startedAt).toBeTypeOf('number');
    expect(store.claim(intent.id)).toBeUndefined();
    expect(store.next(api)).toBeUndefined();
    expect(store.finish(intent.id, 'done', { summary: 'fixed it' })).toBe(true);
    expect(store.finish(intent.id, 'failed', { error: 'late' })).toBe(false);
    expect(store.get(intent.id)).toMatchObject({ state: 'done', summary: 'fixed it', error: null });
    expect(store.events(intent.id).map((event) => event.state)).toEqual(['queued', 'running', 'done']);
  });

  it('moves queued intents up and down among the queued ones only', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((text) => store.enqueue(api, text));
    store.claim(a!.id);
    expect(store.move(c!.id, 'up')).toBe(true);
    expect(texts(api)).toEqual(['c', 'b']);
    expect(store.move(c!.id, 'up')).toBe(false);
    expect(store.move(c!.id, 'down')).toBe(true);
    expect(store.move(c!.id, 'down')).toBe(false);
    expect(texts(api)).toEqual(['b', 'c']);
    expect(() => store.move(a!.id, 'down')).toThrow(/running; only queued/);
    expect(store.next(api)?.id).toBe(b!.id);
  });

  it('edits only queued intents and removes all but running ones', () => {
    const a = store.enqueue(api, 'a');
    const b = store.enqueue(api, 'b');
    expect(store.edit(b.id, 'b, better').text).toBe('b, better');
    store.claim(a.id);
    expect(() => store.edit(a.id, 'x')).toThrow(/only queued intents can be edited/);
    expect(() => store.remove(a.id)).toThrow(/running; only .* can be removed/);
    store.finish(a.id, 'failed', { error: 'boom' });
    store.remove(a.id);
    store.remove(b.id);
    expect(store.get(a.id)).toBeUndefined();
    expect(store.events(a.id)).toEqual([]);
    expect(() => store.remove(a.id)).toThrow('There is no intent #1.');
  });

  it('retries a failed, cancelled or interrupted intent at the front of its queue', () => {
    const failed = store.enqueue(api, 'failed one');
    store.enqueue(api, 'second');
    store.enqueue(api, 'third');
    store.claim(failed.id);
    store.finish(failed.id, 'failed', { error: 'boom' });
    expect(texts(api)).toEqual(['second', 'third']);
    const retried = store.retry(failed.id);
    expect(retried).toMatchObject({ state: 'queued', error: null, startedAt: null, finishedAt: null });
    expect(texts(api)).toEqual(['failed one', 'second', 'third']);
    expect(store.events(failed.id).map((event) => event.state)).toEqual([
      'queued',
      'running',
      'failed',
      'queued',
    ]);
    expect(() => store.retry(failed.id)).toThrow(/only failed\/interrupted\/cancelled/);

    // With nothing else queued, a retry lands behind the finished history (still first to run).
    const web1 = store.enqueue(web, 'web');
    store.requestCancel(web1.id);
    expect(store.get(web1.id)?.state).toBe('cancelled');
    store.retry(web1.id);
    expect(store.next(web)?.id).toBe(web1.id);
  });

  it('pauses and resumes a queue without touching other projects', () => {
    store.enqueue(api, 'a');
    store.enqueue(web, 'w');
    store.pause(api);
    expect(store.isPaused(api)).toBe(true);
    expect(store.next(api)).toBeUndefined();
    expect(store.next(web)?.text).toBe('w');
    expect(store.queuedCount(api)).toBe(1);
    store.resume(api);
    expect(store.isPaused(api)).toBe(false);
    expect(store.next(api)?.text).toBe('a');
  });

  it('marks running intents of the given projects interrupted, and cancels on request', () => {
    const a = store.enqueue(api, 'a');
    const w = store.enqueue(web, 'w');
    store.claim(a.id);
    store.claim(w.id);
    expect(store.requestCancel(w.id)).toBe('requested');
    expect(store.get(w.id)?.cancelRequested).toBe(true);
    expect(store.markInterrupted([api])).toEqual([a.id]);
    expect(store.get(a.id)).toMatchObject({ state: 'interrupted', error: expect.stringMatching(/stopped/) });
    expect(store.get(w.id)?.state).toBe('running');
    expect(store.markInterrupted([])).toEqual([]);
  });

  it('moves its version with every change, including changes made through another connection', () => {
    const other = new IntentStore(openDb(path.join(process.env.SHIPYARD_HOME!, 'state.db')));
    const seen = [store.version()];
    const a = other.enqueue(api, 'a');
    seen.push(store.version());
    other.pause(api);
    seen.push(store.version());
    other.edit(a.id, 'b');
    seen.push(store.version());
    expect(new Set(seen).size).toBe(4);
    expect(store.version()).toBe(seen.at(-1));
    other.db.close();
  });

  it('prints ISO dates and project names in the JSON record', () => {
    rememberProjects(db, {
      root: '/work/ws',
      projects: [{ name: 'the-api', path: api, pinned: false }],
    });
    const intent = store.enqueue(api, 'a', { refs: ['web'] });
    store.claim(intent.id);
    const record = intentRecord(store.get(intent.id)!);
    expect(record).toEqual({
      id: intent.id,
      project: 'the-api',
      projectPath: api,
      text: 'a',
      state: 'running',
      createdAt: new Date(intent.createdAt).toISOString(),
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      finishedAt: null,
      error: null,
      summary: null,
      refs: ['web'],
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe('IntentStore.recent', () => {
  it('returns every open intent and only the latest finished ones of each project', () => {
    const db = openDb(path.join(makeTempDir('shipyard-recent-'), 'state.db'));
    const store = new IntentStore(db);
    const finished: number[] = [];
    for (let i = 0; i < 6; i++) {
      const intent = store.enqueue('/p/api', `old ${i}`);
      store.claim(intent.id);
      store.finish(intent.id, 'done');
      finished.push(intent.id);
    }
    const open = store.enqueue('/p/api', 'open one');
    const other = store.enqueue('/p/web', 'web one');
    const ids = store.recent(2).map((intent) => intent.id);
    expect(ids).toEqual(expect.arrayContaining([finished[4], finished[5], open.id, other.id]));
    expect(ids).toHaveLength(4);
    db.close();
  });

  it('lists asks (started at the front of the queue) in the order they ran, before the queue', () => {
    const db = openDb(path.join(makeTempDir('shipyard-recent-'), 'state.db'));
    const store = new IntentStore(db);
    const queued = store.enqueue('/p/api', 'queued first');
    store.claim(queued.id);
    store.finish(queued.id, 'done');
    const asks = ['ask one', 'ask two', 'ask three'].map((text) => {
      const intent = store.startNow('/p/api', text);
      store.finish(intent.id, 'done');
      return intent.id;
    });
    const waiting = store.enqueue('/p/api', 'still waiting');
    expect(store.recent(10).map((intent) => intent.id)).toEqual([queued.id, ...asks, waiting.id]);
    db.close();
  });
});
