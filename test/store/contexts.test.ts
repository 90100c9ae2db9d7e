import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextStore, estimateTokens } from '../../src/store/contexts.js';
import { type Db, openDb } from '../../src/store/db.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

let db: Db;
let contexts: ContextStore;
const api = '/ws/api';
const web = '/ws/web';

beforeEach(() => {
  const home = makeTempDir('shipyard-contexts-');
  db = openDb(path.join(home, 'state.db'));
  contexts = new ContextStore(db);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

const message = (text: string) => ({ role: 'user', content: text });
const texts = (project = api) =>
  contexts.items(project).map((item) => (item.item as { content: string }).content);

describe('ContextStore', () => {
  it('appends items to the project context and returns them in order with their metadata', () => {
    expect(contexts.items(api)).toEqual([]);
    expect(contexts.tokenEstimate(api)).toBe(0);
    const first = contexts.append(api, message('one'), { kind: 'user', intentId: 7, tokens: 5 });
    contexts.append(api, message('two'), { kind: 'assistant', tokens: 3 });
    contexts.append(web, message('web'), { kind: 'user' });
    const items = contexts.items(api);
    expect(items.map((item) => item.kind)).toEqual(['user', 'assistant']);
    expect(items[0]).toMatchObject({
      id: first,
      intentId: 7,
      tokens: 5,
      item: { role: 'user', content: 'one' },
    });
    expect(contexts.tokenEstimate(api)).toBe(8);
    expect(contexts.tokenEstimate(web)).toBe(estimateTokens(JSON.stringify(message('web'))));
    expect(contexts.current(api).id).toBe(items[0]!.contextId);
    expect(contexts.lastItemId(api)).toBe(items[1]!.id);
  });

  it('compacts older items into a summary that sorts before the kept items, again and again', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'].map((text) =>
      contexts.append(api, message(text), { kind: 'user', tokens: 10 }),
    );
    const s1 = contexts.compact(api, message('summary 1'), ids[3]!, { tokens: 4 });
    expect(texts()).toEqual(['summary 1', 'd', 'e']);
    expect(contexts.items(api)[0]).toMatchObject({ id: s1, kind: 'summary' });
    expect(contexts.tokenEstimate(api)).toBe(24);
    contexts.append(api, message('f'), { kind: 'user', tokens: 10 });
    // Keep from the item right after the previous summary: the new one must still fit between them.
    contexts.compact(api, message('summary 2'), ids[3]!, { tokens: 2 });
    expect(texts()).toEqual(['summary 2', 'd', 'e', 'f']);
    contexts.compact(api, message('summary 3'), ids[4]!);
    expect(texts()).toEqual(['summary 3', 'e', 'f']);
    contexts.append(api, message('g'), { kind: 'user' });
    contexts.compact(api, message('all of it'), null);
    contexts.append(api, message('h'), { kind: 'user' });
    expect(texts()).toEqual(['all of it', 'h']);
    expect(() => contexts.compact(api, message('x'), ids[0]!)).toThrow(/not a live item/);

    const [history] = contexts.history(api);
    expect(history!.items).toHaveLength(12);
    expect(history!.items.find((item) => item.id === ids[0])?.compactedBy).toBe(s1);
    expect(history!.items.filter((item) => item.compactedBy === null)).toHaveLength(2);
  });

  it('starts a fresh context after a reset and keeps the old one readable', () => {
    contexts.append(api, message('old'), { kind: 'user' });
    const oldId = contexts.current(api).id;
    expect(contexts.reset(api, 'user asked for a fresh start')).toBe(true);
    expect(contexts.reset(api, 'again')).toBe(false);
    expect(contexts.items(api)).toEqual([]);
    contexts.append(api, message('new'), { kind: 'user' });
    expect(texts()).toEqual(['new']);
    const history = contexts.history(api);
    expect(history.map((context) => context.endReason)).toEqual(['user asked for a fresh start', null]);
    expect(history[0]).toMatchObject({ id: oldId, endedAt: expect.any(Number) });
    expect(
      history.map((context) => context.items.map((item) => (item.item as { content: string }).content)),
    ).toEqual([['old'], ['new']]);
  });

  it('handles a 10,000-item context', () => {
    const item = { type: 'function_call_output', call_id: 'call_1', output: 'x'.repeat(200) };
    let started = performance.now();
    for (let i = 0; i < 10_000; i++)
      contexts.append(api, { ...item, i }, { kind: 'tool_result', tokens: 60 });
    const appendMs = performance.now() - started;
    started = performance.now();
    const items = contexts.items(api);
    const readMs = performance.now() - started;
    expect(items).toHaveLength(10_000);
    expect((items[9_999]!.item as { i: number }).i).toBe(9_999);
    started = performance.now();
    contexts.compact(api, { summary: 'the first 9,000' }, items[9_000]!.id, { tokens: 100 });
    const compactMs = performance.now() - started;
    started = performance.now();
    const live = contexts.items(api);
    const tokens = contexts.tokenEstimate(api);
    const liveMs = performance.now() - started;
    expect(live).toHaveLength(1_001);
    expect(live[1]!.id).toBe(items[9_000]!.id);
    expect(tokens).toBe(1_000 * 60 + 100);
    started = performance.now();
    expect(contexts.history(api)[0]!.items).toHaveLength(10_001);
    const historyMs = performance.now() - started;
    const round = (ms: number) => Math.round(ms);
    console.log(
      `10k context: append ${round(appendMs)} ms (one transaction each), items ${round(readMs)} ms, ` +
        `compact ${round(compactMs)} ms, live items+tokens ${round(liveMs)} ms, history ${round(historyMs)} ms`,
    );
  });
});
