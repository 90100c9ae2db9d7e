import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContextStore } from '../../src/store/contexts.js';
import { type Db, openDb } from '../../src/store/db.js';
import { IntentStore } from '../../src/store/intents.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let workspace: string;
let home: string;
let env: NodeJS.ProcessEnv;
let db: Db | undefined;
let server: ScriptedServer | undefined;
let api: string;

// No model from the developer's shell may leak into these runs.
const noModel = {
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
  OPENROUTER_API_KEY: '',
  SHIPYARD_MODEL: '',
  SHIPYARD_API: '',
  SHIPYARD_REASONING_EFFORT: '',
};

beforeEach(() => {
  workspace = makeTempDir('shipyard-cli-queue-');
  home = makeTempDir('shipyard-home-');
  env = { SHIPYARD_HOME: home, ...noModel };
  api = createRepo({ parent: workspace, name: 'api' }).path;
  createRepo({ parent: workspace, name: 'web' });
});

afterEach(async () => {
  db?.close();
  db = undefined;
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const cli = (...args: string[]) => runCli([...args, '--root', workspace], { env });

/** The state database the CLI wrote, opened after at least one command created it. */
function state() {
  db ??= openDb(path.join(home, 'state.db'));
  return { intents: new IntentStore(db), contexts: new ContextStore(db) };
}

describe('shipyard queue and intents', () => {
  it('queues intents, prints their ids, and lists them as JSON and as a table', async () => {
    const first = await cli('queue', 'api', 'fix', 'the flaky test');
    expect(first).toMatchObject({ code: 0, stdout: '1\n', stderr: '' });
    expect((await cli('queue', 'web', 'bump deps')).stdout).toBe('2\n');

    const json = await cli('intents', '--json');
    expect(json.code).toBe(0);
    const records = JSON.parse(json.stdout);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      id: 1,
      project: 'api',
      projectPath: api,
      text: 'fix the flaky test',
      state: 'queued',
      startedAt: null,
      finishedAt: null,
    });
    expect(Date.parse(records[0].createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const onlyWeb = JSON.parse((await cli('intents', '--json', '--project', 'web')).stdout);
    expect(onlyWeb.map((r: { id: number }) => r.id)).toEqual([2]);
    expect(JSON.parse((await cli('intents', '--json', '--state', 'done')).stdout)).toEqual([]);

    const table = (await cli('intents')).stdout.trim().split('\n');
    expect(table[0]).toMatch(/^ID\s+PROJECT\s+STATE\s+AGE\s+TEXT$/);
    expect(table[1]).toMatch(/^1\s+api\s+queued\s+just now\s+fix the flaky test$/);
  });

  it('fans one intent out to several projects with a reference', async () => {
    const result = await cli('queue', '--projects', 'api,web', '--from', 'api', 'use', 'the new client');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('api 1\nweb 2\n');
    const { intents } = state();
    expect(intents.get(1)).toMatchObject({ text: 'use the new client', refs: ['api'], projectPath: api });
    expect(intents.get(2)).toMatchObject({ text: 'use the new client', refs: ['api'] });
  });

  it('rejects an unknown project (listing the known ones), an unknown reference and empty text', async () => {
    const unknown = await cli('queue', 'nope', 'do it');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe('shipyard: Unknown project "nope". Known projects: api, web\n');
    const fanOut = await cli('queue', '--projects', 'api,nope', 'do it');
    expect(fanOut.stderr).toMatch(/^shipyard: Unknown project "nope"\. Known projects: api, web\n$/);
    const ref = await cli('queue', 'api', 'do it', '--from', 'ghost');
    expect(ref.stderr).toMatch(/^shipyard: Unknown project "ghost"/);
    const empty = await cli('queue', 'api', '   ');
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toBe('shipyard: an intent needs some text: shipyard queue PROJECT TEXT…\n');
    const badState = await cli('intents', '--state', 'sleeping');
    expect(badState.stderr).toMatch(/^shipyard: unknown state "sleeping"; one of queued, running/);
    // Nothing was queued by the failed fan-out.
    expect(JSON.parse((await cli('intents', '--json')).stdout)).toEqual([]);
  });
});

describe('shipyard pause, resume, retry and cancel', () => {
  it('pauses and resumes a queue, and notes the pause when queueing', async () => {
    expect((await cli('pause', 'api')).stdout).toBe("Paused api's queue (0 intents waiting).\n");
    expect(state().intents.isPaused(api)).toBe(true);
    const queued = await cli('queue', 'api', 'later');
    expect(queued.stdout).toBe('1\n');
    expect(queued.stderr).toBe("note: api's queue is paused (shipyard resume api)\n");
    expect(state().intents.next(api)).toBeUndefined();
    expect((await cli('resume', 'api')).stdout).toBe("Resumed api's queue (1 intent waiting).\n");
    expect(state().intents.next(api)?.id).toBe(1);
  });

  it('retries a failed intent at the front of the queue; refuses a queued one', async () => {
    await cli('queue', 'api', 'first');
    await cli('queue', 'api', 'second');
    const { intents } = state();
    intents.claim(1);
    intents.finish(1, 'failed', { error: 'boom' });
    await cli('queue', 'api', 'third');

    const retried = await cli('retry', '1');
    expect(retried).toMatchObject({ code: 0, stderr: '' });
    expect(retried.stdout).toBe("Re-queued #1 at the front of api's queue (first).\n");
    expect(intents.next(api)?.id).toBe(1);
    expect(intents.get(1)).toMatchObject({ state: 'queued', error: null });

    const again = await cli('retry', '#2');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toBe(
      'shipyard: Intent #2 is queued; only failed/interrupted/cancelled intents can be retried.\n',
    );
    expect((await cli('retry', 'abc')).stderr).toMatch(/^shipyard: "abc" is not an intent id/);
  });

  it('asks the runner to cancel the running intent; says so when nothing runs', async () => {
    expect((await cli('cancel', 'api')).stdout).toBe('Nothing is running in api.\n');
    await cli('queue', 'api', 'long task');
    const { intents } = state();
    intents.claim(1);
    const cancel = await cli('cancel', 'api');
    expect(cancel).toMatchObject({ code: 0, stderr: '' });
    expect(cancel.stdout).toBe('Asked the runner to cancel #1 in api (long task).\n');
    expect(intents.get(1)).toMatchObject({ state: 'running', cancelRequested: true });
  });
});

describe('shipyard context and log', () => {
  function seedContext(contexts: ContextStore) {
    contexts.append(
      api,
      { type: 'message', role: 'user', content: 'first intent text' },
      { kind: 'user', intentId: 1 },
    );
    contexts.append(
      api,
      { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{"command":"npm test"}' },
      { kind: 'tool_call', intentId: 1 },
    );
    contexts.append(
      api,
      {
        type: 'function_call_output',
        call_id: 'c1',
        output: 'ok 1\nok 2\nok 3\nok 4\nok 5\nok 6\nok 7\nok 8',
      },
      { kind: 'tool_result', intentId: 1 },
    );
    contexts.append(
      api,
      { type: 'message', role: 'assistant', content: 'first answer' },
      { kind: 'assistant', intentId: 1 },
    );
    contexts.append(
      api,
      { type: 'message', role: 'user', content: 'second intent text' },
      { kind: 'user', intentId: 2 },
    );
    contexts.append(
      api,
      { type: 'message', role: 'assistant', content: 'second answer' },
      { kind: 'assistant', intentId: 2 },
    );
  }

  it('resets a context (the old one stays in the log) and prints the log as Markdown and JSON', async () => {
    await cli('queue', 'api', 'first intent text');
    const { contexts } = state();
    seedContext(contexts);

    const reset = await cli('context', 'reset', 'api');
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(reset.stdout).toBe(
      "Ended api's context (6 live items); the next intent starts a fresh one. The old one stays in: shipyard log api\n",
    );
    expect(contexts.items(api)).toEqual([]);
    expect((await cli('context', 'reset', 'api')).stdout).toBe('api has no context yet; nothing to reset.\n');
    contexts.append(api, { type: 'message', role: 'user', content: 'in the new context' }, { kind: 'user' });

    const md = await cli('log', 'api');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('# api — context log');
    expect(md.stdout).toMatch(/## Context 1 \(#1\)\n\nstarted .* UTC; ended .* UTC \(reset by the user\)/);
    expect(md.stdout).toContain('### Intent #1 — queued — first intent text');
    expect(md.stdout).toContain('**Tool call** `shell` (command: npm test)');
    // Whole tool outputs by default; --brief cuts each to its first lines.
    expect(md.stdout).toContain('ok 6\nok 7\nok 8');
    expect(md.stdout).not.toContain('more lines');
    expect((await cli('log', 'api', '--brief')).stdout).toContain('ok 6\n… (2 more lines)');
    expect(md.stdout).toMatch(/## Context 2 \(#2\)\n\nstarted .* UTC; current/);
    expect(md.stdout).toContain('in the new context');
    expect((await cli('log', 'api', '--md')).stdout).toBe(md.stdout);

    const json = JSON.parse((await cli('log', 'api', '--json')).stdout);
    expect(json.project).toBe('api');
    expect(json.contexts.map((c: { endReason: string | null }) => c.endReason)).toEqual([
      'reset by the user',
      null,
    ]);
    expect(json.contexts[0].items).toHaveLength(6);
    expect(json.contexts[0].items[2].item.output).toContain('ok 8');
    expect((await cli('log', 'api', '--json', '--md')).stderr).toBe(
      'shipyard: choose one of --json and --md\n',
    );
  });

  it('refuses to reset while an intent runs', async () => {
    await cli('queue', 'api', 'busy');
    state().intents.claim(1);
    const reset = await cli('context', 'reset', 'api');
    expect(reset.code).not.toBe(0);
    expect(reset.stderr).toBe('shipyard: #1 is running in api; cancel it first (shipyard cancel api)\n');
  });

  it('compact needs a model, and then replaces the older turns with the model summary', async () => {
    await cli('queue', 'api', 'first intent text');
    seedContext(state().contexts);
    const missing = await cli('context', 'compact', 'api');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(
      /^shipyard: cannot compact api: no model configured: set OPENAI_API_KEY.*\n$/,
    );

    server = await startScriptedServer([{ text: 'Ran npm test for the first intent; all ok.' }]);
    const withModel = {
      ...env,
      OPENAI_BASE_URL: server.baseURL,
      SHIPYARD_MODEL: 'test-model',
      SHIPYARD_API: 'chat',
    };
    const compacted = await runCli(['context', 'compact', 'api', '--root', workspace], { env: withModel });
    expect(compacted.stderr).toBe('');
    expect(compacted.stdout).toMatch(
      /^api: compacted the context: 4 earlier items → 1 summary \(\d+ → \d+ tokens\)\n$/,
    );
    expect(JSON.stringify(server.requests[0]!.body.messages)).toContain('first intent text');
    const live = state().contexts.items(api);
    expect(live.map((item) => item.kind)).toEqual(['summary', 'user', 'assistant']);

    const md = (await cli('log', 'api')).stdout;
    expect(md).toContain(
      '**Summary** (#7 — replaced 4 earlier items)\n\n> Ran npm test for the first intent; all ok.',
    );
    expect(md).toContain('**User** _(compacted into summary #7)_');

    // Only the last intent is left: nothing more to compact, and no request is made.
    const nothing = await runCli(['context', 'compact', 'api', '--root', workspace], { env: withModel });
    expect(nothing.stdout).toBe('api: nothing to compact: the context holds at most the last intent\n');
    expect(server.requests).toHaveLength(1);
  });
});

describe('shipyard queue with @mentions', () => {
  it('queues an @word that is no project as plain text (@types/node, @Injectable); a bad range is refused', async () => {
    const result = await cli('queue', 'web', 'add @types/node and an @Injectable service like @nope');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(
      state()
        .intents.list()
        .map((i) => i.text),
    ).toEqual(['add @types/node and an @Injectable service like @nope']);
    const range = await cli('queue', 'web', 'see @api:src/x.ts#L9-2');
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/^shipyard: bad line range in @api:src\/x\.ts#L9-2/);
    expect((await cli('queue', 'web', 'do it like @api does')).code).toBe(0);
  });
});
