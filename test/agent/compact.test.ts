import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/agent/client.js';
import {
  compactContext,
  compactionNote,
  forceCompact,
  needsCompaction,
  SUMMARY_HEADER,
  SUMMARY_REQUEST,
} from '../../src/agent/compact.js';
import { projectCacheKey } from '../../src/agent/loop.js';
import { buildPrefix } from '../../src/agent/prompt.js';
import { ModelError } from '../../src/errors.js';
import type { ContextItem } from '../../src/model/conversation.js';
import { ContextStore } from '../../src/store/contexts.js';
import { type Db, openDb } from '../../src/store/db.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { echoTool, testConfig } from '../support/scripted-server/harness.js';
import {
  type RecordedRequest,
  type ScriptedServer,
  startScriptedServer,
} from '../support/scripted-server.js';

const project = '/ws/api';
/** The prefix the conversation was sent with: the summary request uses it too. */
const prefix = buildPrefix({ projectName: 'api', tools: [echoTool], siblings: [] });
let db: Db;
let contexts: ContextStore;
let server: ScriptedServer | undefined;

beforeEach(() => {
  db = openDb(path.join(makeTempDir('shipyard-compact-'), 'state.db'));
  contexts = new ContextStore(db);
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  db.close();
  removeTempDirs();
});

const user = (content: string): ContextItem => ({ type: 'message', role: 'user', content });
const assistant = (content: string): ContextItem => ({ type: 'message', role: 'assistant', content });
const call = (id: string, command: string): ContextItem => ({
  type: 'function_call',
  call_id: id,
  name: 'shell',
  arguments: JSON.stringify({ command }),
});
const output = (id: string, text: string): ContextItem => ({
  type: 'function_call_output',
  call_id: id,
  output: text,
});

function add(intentId: number | undefined, item: ContextItem, tokens: number): number {
  const kind =
    item.type === 'message'
      ? item.role === 'assistant'
        ? 'assistant'
        : 'user'
      : item.type === 'function_call'
        ? 'tool_call'
        : 'tool_result';
  return contexts.append(project, item, { kind, tokens, ...(intentId !== undefined ? { intentId } : {}) });
}

/** Three intents of 400 tokens each: the first two with a tool call, the last a plain answer. */
function seedThreeIntents(): number[] {
  const ids: number[] = [];
  for (const n of [1, 2]) {
    ids.push(add(n, user(`intent ${n}: fix bug ${n}`), 100));
    ids.push(add(n, call(`call_${n}`, `npm test -- bug${n}`), 50));
    ids.push(add(n, output(`call_${n}`, `FAIL bug${n}.test.ts\n1 failed`), 200));
    ids.push(add(n, assistant(`fixed bug ${n} in src/bug${n}.ts`), 50));
  }
  ids.push(add(3, user('intent 3: write the changelog'), 200));
  ids.push(add(3, assistant('wrote CHANGELOG.md'), 200));
  return ids;
}

/** A message's text, a call's or output's call id: enough to see what was kept. */
const label = (item: ContextItem) =>
  item.type === 'message' ? item.content : 'call_id' in item ? item.call_id : item.type;

const liveItems = () => contexts.items(project).map((stored) => stored.item as ContextItem);

/** Everything the summariser got: the whole conversation, as JSON. */
const requestText = (request: RecordedRequest) =>
  JSON.stringify(request.api === 'responses' ? request.body.input : request.body.messages);

/** The last message of a request: the request for a summary. */
function lastMessage(request: RecordedRequest): { role: string; content: string } {
  const list = (request.api === 'responses' ? request.body.input : request.body.messages) as {
    role: string;
    content: string;
  }[];
  return list.at(-1)!;
}

describe('needsCompaction', () => {
  it('is true only past the threshold share of the window', () => {
    const config = { contextWindow: 1000, compactThreshold: 0.8 };
    expect(needsCompaction(800, config)).toBe(false);
    expect(needsCompaction(801, config)).toBe(true);
    expect(needsCompaction(0, config)).toBe(false);
  });
});

describe.each(['responses', 'chat'] as const)('compactContext over the %s API', (api) => {
  it('replaces the older turns with one summary and keeps the recent turns verbatim', async () => {
    server = await startScriptedServer([{ text: 'Fixed bugs 1 and 2; tests pass.', usage: { input: 900 } }]);
    // 1200 tokens in a 1000-token window at 0.8: compact, keeping about 250 tokens (the last intent).
    const config = testConfig(server, api, { contextWindow: 1000, compactThreshold: 0.8 });
    const ids = seedThreeIntents();
    const kept = liveItems().slice(8);

    const result = await compactContext({
      contexts,
      projectPath: project,
      config,
      client: createClient(config),
      prefix,
    });

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.body.model).toBe('test-model');
    const sent = requestText(request);
    for (const text of [
      'intent 1: fix bug 1',
      'npm test -- bug2',
      'FAIL bug1.test.ts',
      'fixed bug 2 in src/bug2.ts',
    ])
      expect(sent).toContain(text);
    // Asked inside the conversation: its instructions, tools and cache key, the request last, naming
    // where the verbatim part begins.
    expect(lastMessage(request).role).toBe('user');
    expect(lastMessage(request).content).toMatch(
      new RegExp(
        `^\\${SUMMARY_REQUEST} .*everything before the message that begins "intent 3: write the changelog"`,
      ),
    );
    if (api === 'responses') {
      expect(request.body.instructions).toBe(prefix.instructions);
      expect(request.body.prompt_cache_key).toBe(projectCacheKey(project));
      expect((request.body.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['echo']);
    } else {
      expect((request.body.messages as { role: string; content: string }[])[0]).toEqual({
        role: 'system',
        content: prefix.instructions,
      });
      expect((request.body.tools as { function: { name: string } }[]).map((t) => t.function.name)).toEqual([
        'echo',
      ]);
    }

    const live = contexts.items(project);
    expect(live.map((stored) => stored.item)).toEqual([
      { type: 'message', role: 'user', content: `${SUMMARY_HEADER}\nFixed bugs 1 and 2; tests pass.` },
      ...kept,
    ]);
    expect(live[0]!.kind).toBe('summary');
    expect(live.slice(1).map((stored) => stored.id)).toEqual(ids.slice(8));
    expect(result).toEqual({
      beforeTokens: 1200,
      afterTokens: contexts.tokenEstimate(project),
      summaryId: live[0]!.id,
      compactedItems: 8,
    });
    expect(result!.afterTokens).toBeLessThan(500);
    // The replaced items stay in the history, marked with the summary that replaced them.
    const history = contexts.history(project)[0]!.items;
    expect(history.filter((item) => item.compactedBy === result!.summaryId).map((item) => item.id)).toEqual(
      ids.slice(0, 8),
    );
    expect(compactionNote(result!)).toMatch(
      /^compacted the context: 8 earlier items → 1 summary \(1200 → \d+ tokens\)$/,
    );
  });

  it('does nothing below the threshold', async () => {
    server = await startScriptedServer([]);
    const config = testConfig(server, api, { contextWindow: 10_000, compactThreshold: 0.8 });
    seedThreeIntents();
    const before = contexts.items(project);
    expect(
      await compactContext({ contexts, projectPath: project, config, client: createClient(config), prefix }),
    ).toBeUndefined();
    expect(server.requests).toHaveLength(0);
    expect(contexts.items(project)).toEqual(before);
  });

  it('never splits a function call from its output, and keeps the whole last intent', async () => {
    server = await startScriptedServer([{ text: 'summary' }]);
    const config = testConfig(server, api, { contextWindow: 1000, compactThreshold: 0.5 });
    add(1, user('intent 1'), 100);
    add(1, call('a', 'ls'), 50);
    // A user message while call `a` waits for its output is no place to cut.
    add(1, user('steering while a runs'), 10);
    add(1, output('a', 'file list'), 100);
    add(1, user('steering after a'), 10);
    add(1, call('b', 'cat x'), 50);
    add(1, output('b', 'x'), 50);
    add(1, assistant('done 1'), 10);
    // The last intent alone is larger than the tokens to keep: it stays anyway.
    add(2, user('intent 2'), 100);
    add(2, call('c', 'make'), 100);
    add(2, output('c', 'ok'), 100);
    add(2, assistant('done 2'), 50);

    const result = await compactContext({
      contexts,
      projectPath: project,
      config,
      client: createClient(config),
      prefix,
      keepRecentTokens: 600,
    });

    const live = liveItems();
    // 600 tokens would reach back to the steering inside call `a` (580): the cut moves after its output.
    expect(live.slice(1).map((item) => label(item))).toEqual([
      'steering after a',
      'b',
      'b',
      'done 1',
      'intent 2',
      'c',
      'c',
      'done 2',
    ]);
    expect(result!.compactedItems).toBe(4);
    const callIds = live.filter((item) => item.type === 'function_call').map((item) => item.call_id);
    const outputIds = live.filter((item) => item.type === 'function_call_output').map((item) => item.call_id);
    expect(callIds).toEqual(outputIds);

    // With almost nothing to keep, the cut falls at the start of the last intent, never inside it.
    await server.close();
    server = await startScriptedServer([{ text: 'second summary' }]);
    const again = testConfig(server, api, { contextWindow: 1000, compactThreshold: 0.3 });
    await compactContext({
      contexts,
      projectPath: project,
      config: again,
      client: createClient(again),
      prefix,
      keepRecentTokens: 1,
    });
    expect(
      liveItems()
        .slice(1)
        .map((item) => label(item)),
    ).toEqual(['intent 2', 'c', 'c', 'done 2']);
    // The first summary is part of what the second one summarises.
    expect(requestText(server.requests[0]!)).toContain(SUMMARY_HEADER);
    expect(requestText(server.requests[0]!)).toContain('steering after a');
  });

  it('leaves the context untouched and says why in one line when the model refuses', async () => {
    server = await startScriptedServer([
      { fault: { kind: 'status', status: 400, message: 'context too long\nmore detail' } },
    ]);
    const config = testConfig(server, api, { contextWindow: 1000, compactThreshold: 0.5 });
    seedThreeIntents();
    const before = contexts.history(project);
    const failure = compactContext({
      contexts,
      projectPath: project,
      config,
      client: createClient(config),
      prefix,
    });
    await expect(failure).rejects.toBeInstanceOf(ModelError);
    await expect(failure).rejects.toThrow(
      /^compaction failed: model endpoint rejected the request \(400\): context too long; the context is unchanged$/,
    );
    expect(contexts.history(project)).toEqual(before);
  });

  it('fails cleanly on an empty summary and after retrying transient errors', async () => {
    server = await startScriptedServer([
      { text: '' },
      { fault: { kind: 'status', status: 503 } },
      { fault: { kind: 'status', status: 503 } },
    ]);
    const config = testConfig(server, api, { contextWindow: 1000, compactThreshold: 0.5 });
    seedThreeIntents();
    const before = contexts.history(project);
    const client = createClient(config);
    await expect(compactContext({ contexts, projectPath: project, config, client, prefix })).rejects.toThrow(
      'compaction failed: the model returned no summary; the context is unchanged',
    );
    await expect(
      compactContext({
        contexts,
        projectPath: project,
        config,
        client,
        prefix,
        retry: { maxAttempts: 2, baseDelayMs: 5 },
      }),
    ).rejects.toThrow(/^compaction failed after 2 attempts: model endpoint error \(503\)/);
    expect(server.requests).toHaveLength(3);
    expect(contexts.history(project)).toEqual(before);
  });
});

describe('forceCompact', () => {
  it('compacts below the threshold down to the last intent, and does nothing with one intent', async () => {
    server = await startScriptedServer([{ text: 'manual summary' }]);
    const config = testConfig(server, 'chat');
    const client = createClient(config);
    add(1, user('only intent'), 10);
    add(1, assistant('answer'), 10);
    expect(await forceCompact({ contexts, projectPath: project, config, client, prefix })).toBeUndefined();
    expect(server.requests).toHaveLength(0);

    add(2, user('second intent'), 10);
    add(2, assistant('second answer'), 10);
    const result = await forceCompact({ contexts, projectPath: project, config, client, prefix });
    expect(result).toMatchObject({ beforeTokens: 40, compactedItems: 2 });
    expect(liveItems()).toEqual([
      user(`${SUMMARY_HEADER}\nmanual summary`),
      user('second intent'),
      assistant('second answer'),
    ]);
    // Only the summary is left before the last intent: summarising it again would only lose detail.
    expect(await forceCompact({ contexts, projectPath: project, config, client, prefix })).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });
});
