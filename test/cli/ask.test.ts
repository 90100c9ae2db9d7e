// `shipyard ask` end to end: the built CLI as a subprocess, the real openai client over real HTTP
// to the scripted server, a real repository that gets a real commit.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { FeedStore } from '../../src/store/feed.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs, type TempRepo } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function workspaceWithRepo(): { root: string; repo: TempRepo; home: string } {
  const root = makeTempDir('shipyard-ask-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  repo.commit('add greeting', {
    files: {
      'greet.js': "export const greet = (name) => 'helo ' + name;\n",
      'check.sh': 'grep -q "hello" greet.js && echo OK || { echo FAIL; exit 1; }\n',
    },
  });
  createRepo({ parent: root, name: 'api' });
  repo.write('notes.txt', 'my own untracked notes\n');
  return { root, repo, home: makeTempDir('shipyard-home-') };
}

function envFor(api: 'responses' | 'chat', home: string): NodeJS.ProcessEnv {
  return {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server!.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: api,
  };
}

describe.each(['responses', 'chat'] as const)('shipyard ask (%s API)', (api) => {
  it('reads, edits, runs a check and commits only its own file; the next ask continues the context', async () => {
    const { root, repo, home } = workspaceWithRepo();
    server = await startScriptedServer([
      { text: 'Let me look.', toolCalls: [{ name: 'read_file', arguments: { path: 'greet.js' } }] },
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'greet.js', old_string: 'helo', new_string: 'hello' } },
        ],
      },
      { toolCalls: [{ name: 'shell', arguments: { command: 'sh check.sh' } }] },
      {
        text: 'Fix the greeting typo\n\nChanged helo to hello; check.sh passes.',
        usage: { input: 900, cached: 512, output: 40 },
      },
      // second intent
      { text: 'The greeting says hello.' },
    ]);
    const first = await runCli(['ask', 'app', 'fix', 'the', 'greeting', '--root', root], {
      env: envFor(api, home),
    });
    expect(first.stderr).toContain('tokens:');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Let me look.');
    expect(first.stdout).toMatch(/read_file greet\.js/);
    expect(first.stdout).toMatch(/shell sh check\.sh.*exit 0/);
    expect(first.stdout).toMatch(/committed [0-9a-f]+: Fix the greeting typo \(1 files\)/);
    expect(fs.readFileSync(path.join(repo.path, 'greet.js'), 'utf8')).toContain('hello');
    expect(repo.git('log', '-1', '--format=%s')).toBe('Fix the greeting typo');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('greet.js');
    expect(repo.git('status', '--porcelain')).toBe('?? notes.txt');

    // The tool results reached the model: the check's output is in the 4th request.
    expect(server.requests[3]!.raw.toString()).toContain('OK');

    const second = await runCli(['ask', 'app', 'what does greet say now?', '--root', root], {
      env: envFor(api, home),
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('The greeting says hello.');
    // Living context: the second intent's request carries the first intent's messages and results.
    const body = server.requests[4]!.raw.toString();
    expect(body).toContain('fix the greeting');
    expect(body).toContain('Fix the greeting typo');
    expect(body).toContain('what does greet say now?');
    // ...and the first request's stable prefix is byte-identical at the start of the second intent's.
    const firstBody = server.requests[0]!.raw.toString();
    const prefixEnd = api === 'responses' ? firstBody.indexOf('"input"') : firstBody.indexOf('"role":"user"');
    expect(prefixEnd).toBeGreaterThan(100);
    expect(body.slice(0, prefixEnd)).toBe(firstBody.slice(0, prefixEnd));
  });
});

describe('shipyard ask failures', () => {
  it('without a key for OpenAI, one line names OPENAI_API_KEY', async () => {
    const { root, home } = workspaceWithRepo();
    const result = await runCli(['ask', 'app', 'do something', '--root', root], {
      env: {
        SHIPYARD_HOME: home,
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        SHIPYARD_MODEL: '',
        SHIPYARD_API: '',
      },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^shipyard: .*OPENAI_API_KEY.*\n/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown project lists the known ones', async () => {
    const { root, home } = workspaceWithRepo();
    const result = await runCli(['ask', 'nope', 'x', '--root', root], { env: { SHIPYARD_HOME: home } });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('shipyard: Unknown project "nope". Known projects: api, app\n');
  });

  it('a 401 from the endpoint stops with one clear line', async () => {
    const { root, home } = workspaceWithRepo();
    server = await startScriptedServer([{ fault: { kind: 'status', status: 401, message: 'bad key' } }]);
    const result = await runCli(['ask', 'app', 'hi', '--root', root], { env: envFor('responses', home) });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^shipyard: .*401.*OPENAI_API_KEY/m);
  });
});

describe('shipyard ask through the runner', () => {
  it('is claimed and finished by the Runner like a queued intent: its end is in the feed, after its steps', async () => {
    const { root, home } = workspaceWithRepo();
    server = await startScriptedServer([{ text: 'Nothing to change.' }]);
    const result = await runCli(['ask', 'app', 'look around', '--root', root], { env: envFor('chat', home) });
    expect(result.code, result.stderr).toBe(0);
    const db = openDb(path.join(home, 'state.db'));
    const events = new FeedStore(db)
      .ofProject(fs.realpathSync(path.join(root, 'app')))
      .map((entry) => entry.event);
    db.close();
    expect(events[0]).toEqual({ type: 'start', text: 'look around' });
    expect(events.at(-1)).toEqual({ type: 'end', state: 'done' });
    expect(events.filter((event) => event.type === 'end')).toHaveLength(1);
  });
});
