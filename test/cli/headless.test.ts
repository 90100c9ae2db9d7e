// Headless use that scripts well: the intent from stdin, `ask --json` events, `-m`/`--approval` per
// call, exit codes, and `intents` in one order. The built CLI against the scripted server.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonEvent } from '../../src/cli/json-sink.js';
import { openDb } from '../../src/store/db.js';
import { IntentStore } from '../../src/store/intents.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs, type TempRepo } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function workspace(): { root: string; repo: TempRepo; home: string } {
  const root = makeTempDir('shipyard-headless-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  repo.commit('start', { files: { 'greet.js': "export const greet = 'helo';\n" } });
  return { root, repo, home: makeTempDir('shipyard-home-') };
}

const events = (stdout: string): JsonEvent[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as JsonEvent);

describe('shipyard ask, headless', () => {
  it('reads the intent from stdin with -', async () => {
    const { root, home } = workspace();
    server = await startScriptedServer([{ text: 'Looked at the diff.' }]);
    const diff = 'diff --git a/x b/x\n+a line from git diff\n';
    const result = await runCli(['ask', 'app', '-', '--root', root], {
      env: scriptedEnv(server, home),
      input: diff,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Looked at the diff.');
    expect(server.requests[0]!.raw.toString()).toContain('+a line from git diff');
  });

  it('--json prints one event per line: start, tool call and result, text, usage, and the final state', async () => {
    const { root, repo, home } = workspace();
    server = await startScriptedServer([
      {
        toolCalls: [{ name: 'read_file', arguments: { path: 'greet.js' } }],
        usage: { input: 50, output: 5 },
      },
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'greet.js', old_string: 'helo', new_string: 'hello' } },
        ],
      },
      { text: 'Fix the greeting', usage: { input: 80, cached: 40, output: 7 } },
    ]);
    const result = await runCli(['ask', 'app', 'fix', 'the', 'greeting', '--json', '--root', root], {
      env: scriptedEnv(server, home),
    });
    expect(result.code).toBe(0);
    const lines = events(result.stdout);
    expect(lines[0]).toMatchObject({ type: 'start', project: 'app', text: 'fix the greeting' });
    const call = lines.find((e) => e.type === 'tool_call' && e.name === 'read_file');
    expect(call).toMatchObject({ summary: expect.stringContaining('greet.js') });
    const read = lines.find((e) => e.type === 'tool_result' && e.name === 'read_file');
    expect(read).toMatchObject({ ok: true, output: expect.stringContaining('helo') });
    expect(read && 'id' in read && call && 'id' in call && read.id === call.id).toBe(true);
    expect(
      lines
        .filter((e) => e.type === 'text')
        .map((e) => (e as { delta: string }).delta)
        .join(''),
    ).toBe('Fix the greeting');
    expect(lines.some((e) => e.type === 'usage' && e.input === 50)).toBe(true);
    expect(
      lines.some((e) => e.type === 'info' && /^committed [0-9a-f]+: Fix the greeting/.test(e.line)),
    ).toBe(true);
    const end = lines.at(-1)!;
    expect(end).toMatchObject({
      type: 'end',
      state: 'done',
      exitCode: 0,
      intent: { project: 'app', state: 'done', text: 'fix the greeting' },
      usage: { input: 230, cached: 40, output: 22 }, // the middle turn: the default 100 in, 10 out
    });
    expect(repo.git('log', '-1', '--format=%s')).toBe('Fix the greeting');
    // How full the context is, as the pane's `ctx N%` says: the living context against the model's window.
    const { context } = end as { context: { tokens: number; window: number; percent: number } };
    expect(context.tokens).toBeGreaterThan(0);
    const shown = await runCli(['config', 'show', '--root', root], { env: scriptedEnv(server, home) });
    expect(shown.stdout).toContain(`window ${context.window} tokens`);
    expect(context.percent).toBe(Math.round((100 * context.tokens) / context.window));
  });

  it('-m picks the model and --approval read-only keeps the files as they are, for this call', async () => {
    const { root, repo, home } = workspace();
    server = await startScriptedServer([
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'greet.js', old_string: 'helo', new_string: 'hello' } },
        ],
      },
      { text: 'Could not edit.' },
    ]);
    const result = await runCli(
      ['ask', 'app', 'fix it', '-m', 'other-model', '--approval', 'read-only', '--json', '--root', root],
      { env: scriptedEnv(server, home) },
    );
    expect(result.code).toBe(0);
    expect(server.requests[0]!.body.model).toBe('other-model');
    const edit = events(result.stdout).find((e) => e.type === 'tool_result');
    expect(edit).toMatchObject({ name: 'edit_file', ok: false });
    expect(fs.readFileSync(path.join(repo.path, 'greet.js'), 'utf8')).toContain('helo');
  });

  it('exit codes: 1 failed (with the final state), 2 usage', async () => {
    const { root, home } = workspace();
    server = await startScriptedServer([
      { fault: { kind: 'status', status: 400, message: 'no such model' } },
    ]);
    const failed = await runCli(['ask', 'app', 'hi', '--json', '--root', root], {
      env: scriptedEnv(server, home),
    });
    expect(failed.code).toBe(1);
    expect(events(failed.stdout).at(-1)).toMatchObject({ type: 'end', state: 'failed', exitCode: 1 });
    expect(failed.stderr).toMatch(/^shipyard: .*no such model/);

    const env = scriptedEnv(server, home);
    const noText = await runCli(['ask', 'app', '-', '--root', root], { env, input: '  \n' });
    expect(noText).toMatchObject({ code: 2, stderr: expect.stringMatching(/^shipyard: stdin held no text/) });
    const badPolicy = await runCli(['ask', 'app', 'hi', '--approval', 'maybe', '--root', root], { env });
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.stderr).toBe('shipyard: --approval must be one of auto, ask, read-only, not "maybe"\n');
    const unknownFlag = await runCli(['ask', 'app', 'hi', '--frobnicate', '--root', root], { env });
    expect(unknownFlag.code).toBe(2);
    expect(server.requests).toHaveLength(1);
  });
});

describe('shipyard queue and intents, headless', () => {
  it('queue - reads the intent from stdin', async () => {
    const { root, home } = workspace();
    const queued = await runCli(['queue', 'app', '-', '--root', root], {
      env: { SHIPYARD_HOME: home },
      input: 'rename greet\nto hello\n',
    });
    expect(queued).toMatchObject({ code: 0, stdout: '1\n' });
    const db = openDb(path.join(home, 'state.db'));
    try {
      expect(new IntentStore(db).get(1)?.text).toBe('rename greet\nto hello');
    } finally {
      db.close();
    }
  });

  it('intents lists each project past to future: finished as they finished, running, then the queue', async () => {
    const { root, home } = workspace();
    createRepo({ parent: root, name: 'api' });
    const env = { SHIPYARD_HOME: home };
    for (const text of ['one', 'two', 'three', 'four']) {
      expect((await runCli(['queue', 'app', text, '--root', root], { env })).code).toBe(0);
    }
    expect((await runCli(['queue', 'api', 'other', '--root', root], { env })).code).toBe(0);
    const db = openDb(path.join(home, 'state.db'));
    try {
      const intents = new IntentStore(db);
      // `three` finished first, then `one`; `two` runs; `four` waits.
      for (const id of [3, 1]) {
        intents.claim(id);
        const finishedBefore = Date.now();
        while (Date.now() === finishedBefore) {} // distinct finish times, 1 ms apart
        intents.finish(id, 'done', {});
      }
      intents.claim(2);
    } finally {
      db.close();
    }
    const listed = JSON.parse((await runCli(['intents', '--json', '--root', root], { env })).stdout);
    expect(listed.map((r: { text: string }) => r.text)).toEqual(['other', 'three', 'one', 'two', 'four']);
  });
});
