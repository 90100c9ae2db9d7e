// The sandbox of the agent's commands, end to end: the built CLI, the scripted server, real repos
// outside /tmp (so siblings and $HOME are on the real, read-only file system), bubblewrap.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxSupport } from '../../src/sandbox/support.js';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { removeTempDirs } from '../support/git-repos.js';
import {
  ENV_SECRET,
  pathWithoutBwrap,
  processesWith,
  removeOutsideDirs,
  SIBLING_SECRET,
  SSH_SECRET,
  setup,
  shell,
} from '../support/sandbox-fixtures.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
  removeOutsideDirs();
});

beforeAll(() => {
  // .ci/run installs bubblewrap; without it these tests cannot prove anything.
  const support = sandboxSupport();
  if (!support.ok) throw new Error(`the sandbox tests need bubblewrap: ${support.reason}`);
});

function allRequests(): string {
  return server!.requests.map((request) => request.raw.toString()).join('\n');
}

describe('the sandbox of agent commands', () => {
  it('fences writes, secrets and the network, and a normal intent still works and is committed', async () => {
    const { root, app, api, home, env } = setup();
    const inside: string[] = [];
    const web = http.createServer((req, res) => {
      inside.push(req.url ?? '');
      res.end('WEB-REACHED');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const port = (web.address() as AddressInfo).port;
    try {
      server = await startScriptedServer([
        {
          toolCalls: [
            shell('echo pwned > ../api/pwned.txt'),
            shell('echo pwned > "$HOME/pwned.txt"'),
            shell('echo pwned > /etc/shipyard-pwned.txt'),
            shell('cat ../api/.env'),
            shell('cat "$HOME/.ssh/id_rsa"; ls -a "$HOME/.ssh"'),
            shell('env'),
            shell(
              `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /inside HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`,
            ),
            shell('echo made > made.txt && git status --short && sh check.sh'),
            shell('git commit -qam sneaky'),
            shell('nohup sleep 999.4242 >/dev/null 2>&1 & (sleep 998.4242 &); echo started'),
          ],
        },
        { text: 'Made a file\n\nAnd checked it.' },
      ]);
      const result = await runCli(['ask', 'app', 'make a file', '--root', root], {
        env: { ...env, OPENAI_BASE_URL: server.baseURL },
      });
      expect(result.code).toBe(0);

      // Writes outside the project failed.
      expect(fs.existsSync(path.join(api.path, 'pwned.txt'))).toBe(false);
      expect(fs.existsSync(path.join(home, 'pwned.txt'))).toBe(false);
      expect(fs.existsSync('/etc/shipyard-pwned.txt')).toBe(false);
      const results = server.requests[1]!.raw.toString();
      expect(results).toContain('Read-only file system');
      expect(results).toContain('writes outside the project folder are blocked');
      expect(results).toContain('escalate_reason');

      // No secret byte reached the model: not the sibling's .env, not the key, not the environment's.
      const sent = allRequests();
      expect(sent).not.toContain(SIBLING_SECRET);
      expect(sent).not.toContain(SSH_SECRET);
      expect(sent).not.toContain(ENV_SECRET);
      expect(sent).toContain('Permission denied');
      expect(sent).toContain(`HOME=${home}`); // the environment itself did arrive, scrubbed

      // The network is off inside, while the same server answers the test.
      expect(await (await fetch(`http://127.0.0.1:${port}/outside`)).text()).toBe('WEB-REACHED');
      expect(inside).toEqual(['/outside']);
      expect(sent).not.toContain('WEB-REACHED');

      // Normal work: a file in the project, git status, the project's check; git writes are fenced.
      expect(results).toContain('?? made.txt');
      expect(results).toContain('CHECK-OK');
      expect(results).toContain('.git is read-only. Shipyard commits your work');
      expect(app.git('log', '-1', '--format=%s')).toBe('Made a file');
      expect(app.git('show', '--name-only', '--format=', 'HEAD')).toBe('made.txt');
      expect(app.git('log', '--format=%s')).not.toContain('sneaky');

      // Background processes did not outlive their command.
      expect(results).toContain('started');
      expect(processesWith('999.4242')).toEqual([]);
      expect(processesWith('998.4242')).toEqual([]);
    } finally {
      await new Promise((resolve) => web.close(resolve));
    }
  }, 60_000);

  it('kill -9 of Shipyard mid-command leaves no process behind', async () => {
    const { root, app, env } = setup();
    server = await startScriptedServer([
      { toolCalls: [shell('sleep 987.4242; touch killed.txt')] },
      { text: 'never' },
    ]);
    const ask = spawn(nodeBin, [cliEntry, 'ask', 'app', 'wait', '--root', root], {
      env: { ...process.env, ...env, OPENAI_BASE_URL: server.baseURL },
      stdio: 'ignore',
    });
    await waitFor(() => processesWith('987.4242').length > 0, 20_000, 'the command to start');
    ask.kill('SIGKILL');
    await waitFor(() => processesWith('987.4242').length === 0, 10_000, 'the command to die');
    expect(fs.existsSync(path.join(app.path, 'killed.txt'))).toBe(false);
    // The dead process's overlay layer is dropped at the next start.
    const layers = path.join(env.SHIPYARD_HOME!, 'overlays');
    expect(fs.readdirSync(layers)).toHaveLength(1);
    expect((await runCli(['run', '--once', '--root', root], { env })).code).toBe(0);
    expect(fs.readdirSync(layers)).toEqual([]);
  }, 40_000);

  it('runs a command outside the sandbox only with the user approval (`ask --yes`)', async () => {
    const { root, api, env } = setup();
    const escalate = shell('echo escalated > ../api/escalated.txt', {
      escalate_reason: 'the test writes into a sibling',
    });
    server = await startScriptedServer([{ toolCalls: [escalate] }, { text: 'Tried' }]);
    const refused = await runCli(['ask', 'app', 'try', '--root', root], {
      env: { ...env, OPENAI_BASE_URL: server.baseURL },
    });
    expect(refused.code).toBe(0);
    expect(fs.existsSync(path.join(api.path, 'escalated.txt'))).toBe(false);
    expect(server.requests[1]!.raw.toString()).toContain(
      "running outside the sandbox needs the user's approval",
    );

    await server.close();
    server = await startScriptedServer([{ toolCalls: [escalate] }, { text: 'Done' }]);
    const approved = await runCli(['ask', 'app', 'try', '--yes', '--root', root], {
      env: { ...env, OPENAI_BASE_URL: server.baseURL },
    });
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('approved by --yes: shell echo escalated');
    expect(fs.readFileSync(path.join(api.path, 'escalated.txt'), 'utf8')).toBe('escalated\n');
  }, 40_000);

  it('without a sandbox, the next start kills the process group a kill -9 left behind', async () => {
    const { root, env } = setup();
    const bin = pathWithoutBwrap();
    server = await startScriptedServer([{ toolCalls: [shell('sleep 986.4242')] }, { text: 'never' }]);
    const ask = spawn(nodeBin, [cliEntry, 'ask', 'app', 'wait', '--root', root], {
      env: { ...process.env, ...env, PATH: bin, OPENAI_BASE_URL: server.baseURL },
      stdio: 'ignore',
    });
    await waitFor(() => processesWith('986.4242').length > 0, 20_000, 'the command to start');
    ask.kill('SIGKILL');
    await new Promise((resolve) => ask.on('exit', resolve));
    // Unfenced, the orphan lives on...
    expect(processesWith('986.4242').length).toBeGreaterThan(0);
    // ...until Shipyard starts again.
    const next = await runCli(['run', '--once', '--root', root], {
      env: { ...env, PATH: bin, OPENAI_BASE_URL: server.baseURL },
    });
    expect(next.code).toBe(0);
    await waitFor(() => processesWith('986.4242').length === 0, 5000, 'the orphan to die');
  }, 40_000);

  it('says "unsandboxed" in one line where bwrap is missing, and `required` refuses commands', async () => {
    const { root, app, env } = setup();
    const bin = pathWithoutBwrap();
    const show = await runCli(['config', 'show', '--root', root], { env: { ...env, PATH: bin } });
    expect(show.stdout).toMatch(
      /^# commands: unsandboxed: bwrap not found \(install bubblewrap\); agent commands run without a fence$/m,
    );

    fs.writeFileSync(path.join(env.SHIPYARD_HOME!, 'config.json'), JSON.stringify({ sandbox: 'required' }));
    server = await startScriptedServer([{ toolCalls: [shell('touch ran.txt')] }, { text: 'Refused' }]);
    const result = await runCli(['ask', 'app', 'try', '--root', root], {
      env: { ...env, PATH: bin, OPENAI_BASE_URL: server.baseURL },
    });
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(app.path, 'ran.txt'))).toBe(false);
    expect(server.requests[1]!.raw.toString()).toContain('requires a sandbox for commands');
  }, 40_000);
});
