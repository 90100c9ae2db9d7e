// Bounds on what settings and the model may ask for: the built CLI against the scripted server, in a
// real repository.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { toolOutputs } from '../support/scripted-server/harness.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function workspace(settings: Record<string, unknown> = {}): { root: string; home: string } {
  const root = makeTempDir('shipyard-bounds-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  const home = makeTempDir('shipyard-home-');
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(settings));
  return { root, home };
}

function envFor(home: string): NodeJS.ProcessEnv {
  return {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server!.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: 'responses',
    SHIPYARD_COMMAND_TIMEOUT: '',
  };
}

describe('timeouts above 2^31 ms', () => {
  it('a huge commandTimeoutSec or timeout_ms is clamped, not a timer that fires at once', async () => {
    const { root, home } = workspace({ commandTimeoutSec: 3_000_000 });
    server = await startScriptedServer([
      { toolCalls: [{ id: 'c1', name: 'shell', arguments: { command: 'sleep 0.3; echo survived-1' } }] },
      {
        toolCalls: [
          {
            id: 'c2',
            name: 'shell',
            arguments: { command: 'sleep 0.3; echo survived-2', timeout_ms: 2_147_483_648 },
          },
        ],
      },
      { text: 'Both ran' },
    ]);
    const result = await runCli(['ask', 'app', 'run two commands', '--root', root], { env: envFor(home) });
    expect(result.stderr).not.toMatch(/timed out/);
    expect(result.code).toBe(0);
    const outputs = { ...toolOutputs(server.requests[1]!), ...toolOutputs(server.requests[2]!) };
    // toMatch: inside the sandbox a login profile that writes to $HOME (pyenv's rehash) may add a line first.
    expect(outputs.c1).toMatch(/(^|\n)survived-1\n\[exit 0\]$/);
    expect(outputs.c2).toMatch(/(^|\n)survived-2\n\[exit 0\]$/);
  });
});

describe('file names with a newline', () => {
  it('search_project reads NUL-separated names: no crash, no leak through a name that hides `.env`', async () => {
    const { root, home } = workspace();
    const lib = createRepo({ parent: root, name: 'lib' });
    lib.commit('files with newlines in their names', {
      files: {
        'ok.txt': 'TOKEN=public\n',
        'a\n/.env': 'TOKEN=sk-secret-1\n',
        '.env\nnotes.txt': 'TOKEN=sk-secret-2\n',
        'two\nlines.txt': 'TOKEN=public-2\n',
      },
    });
    server = await startScriptedServer([
      {
        toolCalls: [
          { id: 's1', name: 'search_project', arguments: { project: 'lib', query: 'TOKEN' } },
          { id: 'l1', name: 'list_project_files', arguments: { project: 'lib' } },
        ],
      },
      { text: 'Searched' },
    ]);
    const result = await runCli(['ask', 'app', 'search lib', '--root', root], { env: envFor(home) });
    expect(result.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(result.code).toBe(0);
    const outputs = toolOutputs(server.requests[1]!);
    expect(outputs.s1).not.toContain('sk-secret');
    expect(outputs.s1!.split('\n').sort()).toEqual([
      'ok.txt:1:TOKEN=public',
      'two\\nlines.txt:1:TOKEN=public-2',
    ]);
    expect(outputs.l1).toContain('two\\nlines.txt');
    expect(outputs.l1).not.toMatch(/\.env/);
    const intents = await runCli(['intents', '--project', 'app', '--json', '--root', root], {
      env: { SHIPYARD_HOME: home },
    });
    expect(intents.stdout).toMatch(/"state":\s*"done"/);
  });
});

describe('limits on one model response', () => {
  it('runs at most 32 of 300 tool calls; the rest are answered with an error the model reads', async () => {
    const { root, home } = workspace();
    const calls = Array.from({ length: 300 }, (_, i) => ({
      id: `c${i}`,
      name: 'shell',
      arguments: { command: `echo ran-${i} >> ran.txt` },
    }));
    server = await startScriptedServer([{ toolCalls: calls }, { text: 'Done with the calls' }]);
    const result = await runCli(['ask', 'app', 'call many tools', '--root', root], {
      env: envFor(home),
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(0);
    const ran = fs
      .readFileSync(path.join(root, 'app', 'ran.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(ran).toHaveLength(32);
    const outputs = toolOutputs(server.requests[1]!);
    expect(Object.keys(outputs)).toHaveLength(300);
    expect(outputs.c31).toMatch(/\[exit 0\]$/);
    expect(outputs.c32).toMatch(
      /^error: not run: one response may call at most 32 tools, and this was call 33/,
    );
    expect(outputs.c299).toMatch(/^error: not run/);
  }, 150_000);

  it('a 20 MB answer is stored and sent back cut to its head and tail', async () => {
    const { root, home } = workspace();
    const huge = `HEAD-MARK ${'y'.repeat(20 * 1024 * 1024)} TAIL-MARK`;
    server = await startScriptedServer([{ text: huge }, { text: 'second answer' }]);
    const env = envFor(home);
    const first = await runCli(['ask', 'app', 'say a lot', '--root', root], { env, timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    const second = await runCli(['ask', 'app', 'and now?', '--root', root], { env, timeoutMs: 60_000 });
    expect(second.code).toBe(0);
    const resent = server.requests[1]!.raw;
    expect(resent.length).toBeLessThan(400 * 1024);
    const body = resent.toString();
    expect(body).toContain('HEAD-MARK');
    expect(body).toContain('TAIL-MARK');
    expect(body).toMatch(/truncated \d+ bytes/);
    const db = fs
      .readdirSync(home)
      .filter((name) => name.startsWith('state.db'))
      .reduce((sum, name) => sum + fs.statSync(path.join(home, name)).size, 0);
    expect(db).toBeLessThan(5 * 1024 * 1024);
  }, 90_000);
});
