// A `shipyard ask` that dies (SIGHUP, SIGTERM, kill -9, a reader that went away) never leaves its
// project blocked: its intent ends interrupted at once, or the next command sees the dead process.
// The built CLI as real processes, the scripted server, a real repository.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.close();
  server = undefined;
  removeTempDirs();
});

/** The first request hangs until the client goes away; later ones answer at once. */
async function setup() {
  const root = makeTempDir('shipyard-stops-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  server = await startScriptedServer((_request, index) =>
    index === 0 ? { fault: { kind: 'hang' } } : { text: `answer ${index}` },
  );
  const env = {
    SHIPYARD_HOME: makeTempDir('shipyard-home-'),
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: 'chat',
  };
  return { root, env };
}

interface Running {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(nodeBin, [cliEntry, ...args], {
    env: { ...process.env, INIT_CWD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const running: Running = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.on('data', (chunk) => (running.stdout += chunk));
  child.stderr!.on('data', (chunk) => (running.stderr += chunk));
  return running;
}

async function states(root: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await runCli(['intents', '--json', '--root', root], { env });
  return (JSON.parse(result.stdout) as { state: string }[]).map((intent) => intent.state);
}

describe('a shipyard ask that dies', () => {
  it.each(['SIGHUP', 'SIGTERM'] as const)('on %s marks its intent interrupted and exits', async (signal) => {
    const { root, env } = await setup();
    const ask = start(['ask', 'app', 'a long task', '--root', root], env);
    await waitFor(() => server!.requests.length === 1, 10_000, 'the request');
    ask.child.kill(signal);
    const exit = await ask.exited;
    expect(exit.code).toBe(signal === 'SIGHUP' ? 129 : 143);
    expect(ask.stderr).not.toMatch(/\n\s+at /);
    expect(await states(root, env)).toEqual(['interrupted']);
    const next = await runCli(['ask', 'app', 'next task', '--root', root], { env });
    expect(next.stderr).not.toMatch(/is running/);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('answer 1');
  });

  it('killed with -9, is seen dead by the next command; cancel needs no runner', async () => {
    const { root, env } = await setup();
    const ask = start(['ask', 'app', 'a long task', '--root', root], env);
    await waitFor(() => server!.requests.length === 1, 10_000, 'the request');
    ask.child.kill('SIGKILL');
    await ask.exited;
    const cancel = await runCli(['cancel', 'app', '--root', root], { env });
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toMatch(/^#1 in app had lost its process; it is interrupted now/);
    expect(await states(root, env)).toEqual(['interrupted']);
    const next = await runCli(['ask', 'app', 'next task', '--root', root], { env });
    expect(next.code).toBe(0);
  });

  it('killed with -9 while its pid goes to another process, is still seen dead', async () => {
    const { root, env } = await setup();
    const ask = start(['ask', 'app', 'a long task', '--root', root], env);
    await waitFor(() => server!.requests.length === 1, 10_000, 'the request');
    ask.child.kill('SIGKILL');
    await ask.exited;
    // The kernel hands the dead ask's pid to a new process (here: this one, alive, started earlier).
    const db = openDb(path.join(env.SHIPYARD_HOME, 'state.db'));
    db.prepare('UPDATE intents SET owner_pid = ?').run(process.pid);
    db.close();
    const next = await runCli(['ask', 'app', 'next task', '--root', root], { env });
    expect(next.stderr).not.toMatch(/is running/);
    expect(next.code).toBe(0);
    expect((await states(root, env)).sort()).toEqual(['done', 'interrupted']);
  });

  it('a second ask in the project is refused only while the first one lives', async () => {
    const { root, env } = await setup();
    const ask = start(['ask', 'app', 'a long task', '--root', root], env);
    await waitFor(() => server!.requests.length === 1, 10_000, 'the request');
    const refused = await runCli(['ask', 'app', 'too early', '--root', root], { env });
    expect(refused.stderr).toMatch(/^shipyard: Intent #1 is running in this project/);
    ask.child.kill('SIGKILL');
    await ask.exited;
    const started = Date.now();
    const next = await runCli(['ask', 'app', 'now', '--root', root], { env });
    expect(next.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('`shipyard cancel` stops a live ask from another shell', async () => {
    const { root, env } = await setup();
    const ask = start(['ask', 'app', 'a long task', '--root', root], env);
    await waitFor(() => server!.requests.length === 1, 10_000, 'the request');
    const cancel = await runCli(['cancel', 'app', '--root', root], { env });
    expect(cancel.stdout).toMatch(/Asked the runner to cancel #1/);
    const exit = await ask.exited;
    expect(exit.code).toBe(130);
    expect(await states(root, env)).toEqual(['cancelled']);
  });
});

describe('a reader that goes away', () => {
  it('`ask | head -c1` exits quietly and leaves the intent interrupted', async () => {
    const { root, env } = await setup();
    server!.close();
    server = await startScriptedServer([{ text: 'x'.repeat(200_000), delayMs: 1 }]);
    env.OPENAI_BASE_URL = server.baseURL;
    const ask = start(['ask', 'app', 'talk a lot', '--root', root], env);
    await waitFor(() => ask.stdout.length > 0, 10_000, 'the first byte');
    ask.child.stdout!.destroy();
    const exit = await ask.exited;
    expect(ask.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(exit.code).toBe(141);
    expect(await states(root, env)).toEqual(['interrupted']);
  });

  it('`run --once | head -1` exits quietly', async () => {
    const { root, env } = await setup();
    server!.close();
    server = await startScriptedServer((_request, index) => ({
      text: `line\n`.repeat(5000) + index,
      delayMs: 1,
    }));
    env.OPENAI_BASE_URL = server.baseURL;
    for (const text of ['one', 'two']) await runCli(['queue', 'app', text, '--root', root], { env });
    const run = start(['run', '--once', '--root', root], env);
    await waitFor(() => run.stdout.includes('\n'), 10_000, 'the first line');
    run.child.stdout!.destroy();
    const exit = await run.exited;
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(exit.code).toBe(141);
    expect(await states(root, env)).not.toContain('running');
  });
});
