// The grid when its terminal goes away (SIGHUP: the window closed, tmux killed) or its state
// database is deleted under it: it ends cleanly, the running intent interrupted and its command
// killed, or with one line naming the database. The built CLI in tmux, the scripted server.
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { waitFor } from '../support/wait.js';

const e2e = e2eResources();

/** Pids of live processes whose command line holds every one of `parts`. */
function processesWith(...parts: string[]): number[] {
  const found: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      if (parts.every((part) => cmdline.includes(part))) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function startApp(stderrFile: string, settings: Record<string, unknown> = {}) {
  const root = makeTempDir('shipyard-e2e-hup-');
  createRepo({ parent: root, name: 'api' });
  const home = makeTempDir('shipyard-home-');
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(settings));
  const env = {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: e2e.scripted.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: 'chat',
  };
  const tmux = e2e.terminal(140, 40);
  tmux.start(env);
  tmux.type(`${nodeBin} ${cliEntry} --root ${root} 2>${stderrFile}; echo "APP-EXITED $?"`);
  await tmux.waitFor((s) => s.includes('1 project') && s.includes('i types an intent'));
  return { root, env, home };
}

describe('the grid when its terminal or its database goes away', () => {
  // Unfenced, nothing but Shipyard kills the command (a sandbox dies with its parent).
  it.each(['off', 'workspace-write'])(
    'on SIGHUP (the terminal closed) mid-command, sandbox %s, exits with the intent interrupted and no command left',
    async (sandbox) => {
      // A sleep no other test runs, so the check below finds only ours.
      const seconds = String(300 + Math.floor(Math.random() * 600));
      await e2e.server((request) =>
        request.raw.toString().includes('"tool"')
          ? { text: 'slept' }
          : { toolCalls: [{ name: 'shell', arguments: { command: `sleep ${seconds}` } }] },
      );
      const stderr = path.join(makeTempDir('shipyard-hup-err-'), 'stderr');
      const { root, env } = await startApp(stderr, { sandbox });
      e2e.tmux.keys('i');
      await new Promise((resolve) => setTimeout(resolve, 200));
      e2e.tmux.literal('sleep a while');
      e2e.tmux.keys('Enter');
      await e2e.tmux.waitFor((s) => s.includes(`sleep ${seconds}`), 20_000);
      await waitFor(() => processesWith('sleep', seconds).length > 0, 10_000, 'the command');
      const [app] = processesWith(cliEntry, root);
      expect(app).toBeDefined();
      // Closing the terminal: tmux hangs up on everything in it.
      e2e.tmux.kill();
      await waitFor(() => processesWith(cliEntry, root).length === 0, 15_000, 'the app to exit');
      await waitFor(() => processesWith('sleep', seconds).length === 0, 10_000, 'the command to be killed');
      expect(fs.readFileSync(stderr, 'utf8')).not.toMatch(/\n\s+at |Error/);
      const listed = await runCli(['intents', '--json', '--root', root], { env });
      expect((JSON.parse(listed.stdout) as { state: string }[]).map((intent) => intent.state)).toEqual([
        'interrupted',
      ]);
    },
    90_000,
  );

  it('stops with one line when its state database is deleted', async () => {
    await e2e.server(() => ({ text: 'unused' }));
    const stderr = path.join(makeTempDir('shipyard-hup-err-'), 'stderr');
    const { home } = await startApp(stderr);
    for (const suffix of ['', '-wal', '-shm'])
      fs.rmSync(path.join(home, `state.db${suffix}`), { force: true });
    const screen = await e2e.tmux.waitFor((s) => /APP-EXITED \d/.test(s), 15_000);
    expect(screen).toContain('APP-EXITED 1');
    // (Ink shows the cursor again on stderr as it leaves.)
    const lines = stripVTControlCharacters(fs.readFileSync(stderr, 'utf8')).trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^shipyard: State database .*state\.db was deleted while Shipyard ran/),
    ]);
  }, 60_000);
});
