// The headless runner: intents queued from the CLI are worked through in order by `shipyard run --once`,
// and each project's conversation continues across runs (checked on the requests the server received).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function setup() {
  const root = makeTempDir('shipyard-run-');
  for (const name of ['api', 'web']) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  const env = {
    SHIPYARD_HOME: makeTempDir('shipyard-home-'),
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: 'k',
    SHIPYARD_MODEL: 'm',
    SHIPYARD_API: 'chat',
  };
  return { root, env };
}

/** Answers each request with the text of its last user message, so order is visible. */
function echoServer() {
  return startScriptedServer((request) => {
    const messages = (request.body.messages ?? []) as { role: string; content: string }[];
    const last = [...messages].reverse().find((message) => message.role === 'user');
    return { text: `done: ${String(last?.content).split('\n')[0]}` };
  });
}

describe('shipyard run --once', () => {
  it('works every queue in order and keeps each project context across runs', async () => {
    const { root, env } = setup();
    server = await echoServer();
    env.OPENAI_BASE_URL = server.baseURL;
    const queue = async (project: string, text: string) => {
      const result = await runCli(['queue', project, text, '--root', root], { env });
      expect(result.code).toBe(0);
      return Number(result.stdout.trim());
    };
    const first = await queue('api', 'first task');
    const second = await queue('api', 'second task');
    await queue('web', 'web task');
    expect(second).toBeGreaterThan(first);

    const run = await runCli(['run', '--once', '--root', root], { env, timeoutMs: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const apiLines = lines.filter((line) => line.startsWith('[api]'));
    expect(apiLines.indexOf('[api] done: first task')).toBeLessThan(
      apiLines.indexOf('[api] done: second task'),
    );
    expect(run.stdout).toContain('[web] done: web task');
    expect(run.stdout).toMatch(new RegExp(`\\[api\\] #${second} done`));

    const intents = JSON.parse((await runCli(['intents', '--json', '--root', root], { env })).stdout);
    expect(intents.map((intent: { state: string }) => intent.state)).toEqual(['done', 'done', 'done']);

    // A later run (a new process) continues api's conversation.
    await queue('api', 'third task');
    await runCli(['run', '--once', '--root', root], { env });
    const last = server.requests.at(-1)!.raw.toString();
    for (const text of ['first task', 'done: first task', 'second task', 'done: second task', 'third task']) {
      expect(last).toContain(text);
    }
    expect(last).not.toContain('web task');
  });

  it('compacts a context that nears a tiny window and continues the conversation on the summary', async () => {
    const { root, env } = setup();
    server = await echoServer();
    env.OPENAI_BASE_URL = server.baseURL;
    fs.writeFileSync(
      path.join(env.SHIPYARD_HOME, 'config.json'),
      JSON.stringify({ model: { contextWindow: 1200, compactThreshold: 0.5 } }),
    );
    for (const text of ['alpha task', 'bravo task', 'charlie task', 'delta task']) {
      await runCli(['queue', 'api', `${text} ${'padding '.repeat(60)}`, '--root', root], { env });
    }
    const run = await runCli(['run', '--once', '--root', root], { env, timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[api\] compacted the context: \d+ earlier items → 1 summary/);
    const last = server.requests.at(-1)!.raw.toString();
    expect(last).toContain('delta task');
    expect(last).toContain('[Summary of the earlier conversation]');
    expect(last).not.toContain('alpha task padding');
    // The log still holds everything, compacted items included.
    const log = await runCli(['log', 'api', '--root', root], { env });
    expect(log.stdout).toContain('alpha task');
    expect(log.stdout).toMatch(/summary/i);
  });

  it('compacts in the middle of a long intent and finishes it', async () => {
    const { root, env } = setup();
    let steps = 0;
    server = await startScriptedServer((request) => {
      const body = request.raw.toString();
      if (body.includes('[Compaction]'))
        return { text: 'The user asked for numbers; the agent printed 1..400 once.' };
      steps++;
      if (steps <= 3) {
        return {
          toolCalls: [{ name: 'shell', arguments: { command: `seq 1 400 # run ${steps}` } }],
          usage: { input: 1000 },
        };
      }
      return {
        text: body.includes('[Summary of the earlier conversation]')
          ? 'finished on the summary'
          : 'finished without',
      };
    });
    env.OPENAI_BASE_URL = server.baseURL;
    fs.writeFileSync(
      path.join(env.SHIPYARD_HOME, 'config.json'),
      JSON.stringify({ model: { contextWindow: 1500, compactThreshold: 0.5 } }),
    );
    await runCli(['queue', 'api', 'print numbers three times', '--root', root], { env });
    const run = await runCli(['run', '--once', '--root', root], { env, timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\[api\] compacted the context: \d+ earlier items → 1 summary/);
    expect(run.stdout).toContain('[api] finished on the summary');
    expect(run.stdout).toMatch(/#1 done/);
    // The last request no longer carries the first run's output verbatim.
    const last = server.requests.at(-1)!.raw.toString();
    expect(last).not.toContain('seq 1 400 # run 1');
    expect(last).toContain('seq 1 400 # run 3');
  });

  it('refuses with one line while another runner holds the workspace', async () => {
    const { root, env } = setup();
    server = await startScriptedServer(() => ({ text: 'slow', delayMs: 200 }));
    env.OPENAI_BASE_URL = server.baseURL;
    const holder = spawn(nodeBin, [cliEntry, 'run', '--root', root], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const second = await runCli(['run', '--once', '--root', root], { env });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        /^shipyard: another Shipyard process \(pid \d+\) runs the agents of this workspace\n$/,
      );
    } finally {
      holder.kill('SIGTERM');
    }
  });
});
