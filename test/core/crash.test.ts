// kill -9 in the middle of a turn loses nothing committed: the queue is intact, the running intent
// becomes `interrupted`, and the context holds every completed step (checked on the next request).
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

describe('kill -9 mid-turn', () => {
  it('leaves queued intents queued, marks the running one interrupted, keeps completed steps', async () => {
    const root = makeTempDir('shipyard-crash-');
    createRepo({ parent: root, name: 'api' });
    let killed = false;
    server = await startScriptedServer((request, index) => {
      const body = request.raw.toString();
      if (index === 0)
        return {
          text: 'Checking.',
          toolCalls: [{ name: 'shell', arguments: { command: 'echo step-one-output' } }],
        };
      // The second step streams slowly until the runner is killed.
      if (!killed) return { text: 'x'.repeat(200), delayMs: 100 };
      return { text: body.includes('retry me') ? 'resumed' : 'next done' };
    });
    const env = {
      SHIPYARD_HOME: makeTempDir('shipyard-home-'),
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_API_KEY: 'k',
      SHIPYARD_MODEL: 'm',
      SHIPYARD_API: 'responses',
    };
    const first = Number((await runCli(['queue', 'api', 'retry me', '--root', root], { env })).stdout);
    const second = Number((await runCli(['queue', 'api', 'then this', '--root', root], { env })).stdout);

    const runner = spawn(nodeBin, [cliEntry, 'run', '--root', root], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    await waitFor(() => server!.requests.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300)); // mid-stream
    runner.kill('SIGKILL');
    killed = true;
    await new Promise((resolve) => runner.on('exit', resolve));

    const states = async () =>
      Object.fromEntries(
        (
          JSON.parse((await runCli(['intents', '--json', '--root', root], { env })).stdout) as {
            id: number;
            state: string;
          }[]
        ).map((intent) => [intent.id, intent.state]),
      );
    // The next command sees the runner's process gone: interrupted at once, not `running` until a restart.
    expect(await states()).toEqual({ [first]: 'interrupted', [second]: 'queued' });

    // Restart: the queued one runs.
    const restart = await runCli(['run', '--once', '--root', root], { env, timeoutMs: 30_000 });
    expect(restart.code).toBe(0);
    expect(await states()).toEqual({ [first]: 'interrupted', [second]: 'done' });
    // The conversation kept the completed step: the next request carries the tool call and its output.
    const afterRestart = server.requests.at(-1)!.raw.toString();
    expect(afterRestart).toContain('step-one-output');
    expect(afterRestart).toContain('then this');

    // Retry the interrupted one: it runs again, in the same conversation.
    expect((await runCli(['retry', String(first), '--root', root], { env })).code).toBe(0);
    await runCli(['run', '--once', '--root', root], { env, timeoutMs: 30_000 });
    expect(await states()).toEqual({ [first]: 'done', [second]: 'done' });
    const log = (await runCli(['log', 'api', '--root', root], { env })).stdout;
    expect(log).toContain('resumed');
  }, 60_000);
});
