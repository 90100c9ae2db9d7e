// As a person: `shipyard --host build1` in a real terminal, the host reached through a loopback sshd.
// The remote pane shows beside the local one with its host in its name; the keys that queue an
// intent work on it, the intent runs and is committed there; `shipyard queue --host build1` from
// another shell lands in that pane too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';
import { remoteShipyard, type Sshd, startSshd } from '../support/sshd.js';
import { TmuxSession } from '../support/tmux.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd(['build1']);
});
afterAll(async () => {
  await sshd?.stop();
});

let tmux: TmuxSession | undefined;
let server: ScriptedServer | undefined;
afterEach(async () => {
  tmux?.kill();
  tmux = undefined;
  await server?.close();
  server = undefined;
  removeTempDirs();
});

describe('the grid with a remote host, in a real terminal', () => {
  it('shows the remote pane by its host, queues into it by keys and from the CLI, runs it there', async () => {
    server = await startScriptedServer((request) => {
      const body = JSON.stringify(request.body);
      return {
        text: body.includes('from the cli') ? 'cli intent done on build1' : 'key intent done on build1',
      };
    });
    const localRoot = makeTempDir('shipyard-e2e-local-');
    createRepo({ parent: localRoot, name: 'web' });
    const remoteRoot = makeTempDir('shipyard-e2e-remote-');
    const repo = createRepo({ parent: remoteRoot, name: 'api' });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
    const remoteHome = makeTempDir('shipyard-e2e-remote-home-');
    const home = makeTempDir('shipyard-e2e-home-');
    const command = remoteShipyard(nodeBin, cliEntry, {
      ...scriptedEnv(server, remoteHome),
      HOME: remoteHome,
    });
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ hosts: { build1: { command, root: remoteRoot, open: false } } }),
    );
    const env = { SHIPYARD_HOME: home, SHIPYARD_SSH: sshd.sshCommand, OPENAI_API_KEY: '' };

    tmux = new TmuxSession(150, 30);
    tmux.start(env);
    tmux.type(`${nodeBin} ${cliEntry} --root ${localRoot} --host build1`);
    await tmux.waitFor((s) => s.includes('build1:api') && s.includes('main'), 30_000);
    expect(tmux.screen()).toMatch(/1 web/);
    expect(tmux.screen()).toMatch(/2 build1:api/);

    // The keys of a local pane, on the remote one: focus it, type an intent, Enter.
    tmux.keys('2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    tmux.literal('isay hello from the keys');
    tmux.keys('Enter');
    await tmux.waitFor((s) => s.includes('key intent done on build1'), 20_000);
    const log = () => execFileSync('git', ['log', '--format=%s'], { cwd: repo.path, encoding: 'utf8' });
    expect(log().trim().split('\n')).toHaveLength(1); // an answer without edits commits nothing

    // From another shell, through the same host.
    const queued = await runCli(['queue', '--host', 'build1', 'api', 'from the cli'], {
      env: { ...process.env, ...env },
    });
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    expect(Number(queued.stdout.trim())).toBe(2);
    await tmux.waitFor((s) => s.includes('cli intent done on build1'), 20_000);

    // The input stays open after Enter: close it (and let the lone Esc land) before q.
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Enter queue'), 5_000);
    tmux.keys('q');
    await tmux.waitFor((s) => !s.includes('build1:api'), 10_000);
  }, 90_000);

  it('a CLI command on a host without Shipyard is one line naming the host and the fix', async () => {
    const home = makeTempDir('shipyard-e2e-home-');
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ hosts: { build1: { command: 'no-shipyard-here' } } }),
    );
    const result = await runCli(['queue', '--host', 'build1', 'api', 'x'], {
      env: { ...process.env, SHIPYARD_HOME: home, SHIPYARD_SSH: sshd.sshCommand },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'shipyard: build1: Shipyard is not installed there (no-shipyard-here not found); install it on build1 or set hosts.build1.command\n',
    );
  });
});
