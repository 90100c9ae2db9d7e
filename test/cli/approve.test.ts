// Approvals from a shell: `shipyard run` (unattended) asks through the state database, `status` says
// which project needs the user, `approve` shows the request whole and answers it.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
let runner: ChildProcess | undefined;
afterEach(async () => {
  runner?.kill('SIGKILL');
  runner = undefined;
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const COMMAND = 'echo checking first\ntouch approved.txt';

async function setup() {
  const root = makeTempDir('shipyard-approve-');
  const repo = createRepo({ parent: root, name: 'api' });
  repo.git('config', 'user.name', 'Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  const home = makeTempDir('shipyard-home-');
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ approval: 'ask', commit: 'off' }));
  server = await startScriptedServer((_request, index) =>
    index === 0 ? { toolCalls: [{ name: 'shell', arguments: { command: COMMAND } }] } : { text: 'made it' },
  );
  const env = scriptedEnv(server, home);
  const cli = (...args: string[]) => runCli([...args, '--root', root], { env });
  return { root, env, cli };
}

function startRun(
  root: string,
  env: NodeJS.ProcessEnv,
): { out: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(nodeBin, [cliEntry, 'run', '--once', '--root', root], {
    env: { ...process.env, INIT_CWD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runner = child;
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  return { out: () => out, exited: new Promise((resolve) => child.on('close', resolve)) };
}

describe('shipyard approve', () => {
  it('answers the approval an unattended `shipyard run` waits for; status says needs approval', async () => {
    const { root, env, cli } = await setup();
    expect((await cli('queue', 'api', 'make a file')).code).toBe(0);
    const run = startRun(root, env);

    let status = '';
    const deadline = Date.now() + 15_000;
    while (!status.includes('needs approval') && Date.now() < deadline) {
      status = (await cli('status')).stdout;
    }
    expect(status).toMatch(/api\s+needs approval #1/);
    expect(run.out()).toContain('[api] needs approval: shell echo checking first… (shipyard approve api)');

    // Without an answer: the request whole, nothing changes.
    const shown = await cli('approve', 'api');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('echo checking first\ntouch approved.txt');
    const request = /request (\d+) of #1/.exec(shown.stdout)?.[1];
    expect(request).toBeDefined();
    expect(shown.stdout).toContain(`shipyard approve api yes|no|always --request ${request}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(fs.existsSync(path.join(root, 'api', 'approved.txt'))).toBe(false);

    const bad = await cli('approve', 'api', 'maybe');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe('shipyard: "maybe" is not an answer: yes, no or always');
    const stale = await cli('approve', 'api', 'yes', '--request', String(Number(request) + 5));
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain(`request ${request} does (`);

    const yes = await cli('approve', 'api', 'yes', '--request', request!);
    expect(yes.stdout.trim()).toBe('Approved in #1 (api): shell echo checking first…');
    expect(await run.exited).toBe(0);
    expect(fs.existsSync(path.join(root, 'api', 'approved.txt'))).toBe(true);
    expect(run.out()).toContain('[api] approved');
    expect(run.out()).toContain('[api] #1 done');

    const again = await cli('approve', 'api', 'no');
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim()).toBe('shipyard: Nothing waits for approval in api.');
    expect((await cli('status')).stdout).toMatch(/api\s+done #1/);
  });

  it('a refusal from the shell reaches the agent as the user declining', async () => {
    const { root, env, cli } = await setup();
    await cli('queue', 'api', 'make a file');
    const run = startRun(root, env);
    await waitFor(() => run.out().includes('needs approval'), 15_000, 'the approval');
    expect((await cli('approve', 'api', 'no')).stdout.trim()).toBe(
      'Refused in #1 (api): shell echo checking first…',
    );
    expect(await run.exited).toBe(0);
    expect(fs.existsSync(path.join(root, 'api', 'approved.txt'))).toBe(false);
    expect(JSON.stringify(server!.requests[1]!.body)).toContain('the user declined this action');
  });
});
