// `shipyard restore` in a real terminal: its question may wait a long time, and the files may change
// meanwhile. A yes to a plan gone stale restores nothing; asked again, the plan is the one now.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { scriptedEnv } from '../support/scripted-server.js';

const e2e = e2eResources();

describe('shipyard restore asking in a terminal', () => {
  it('restores nothing when the files changed while it asked; asked again, it restores', async () => {
    const root = makeTempDir('shipyard-e2e-restore-');
    const repo = createRepo({ parent: root, name: 'app' });
    repo.write('notes.txt', 'mine\n');
    const server = await e2e.server([
      { toolCalls: [{ name: 'shell', arguments: { command: 'echo agent > notes.txt' } }] },
      { text: 'Rewrote the notes' },
    ]);
    const env = scriptedEnv(server, makeTempDir('shipyard-home-'));
    expect((await runCli(['ask', 'app', 'rewrite', '--root', root], { env })).code).toBe(0);
    const notes = () => fs.readFileSync(path.join(repo.path, 'notes.txt'), 'utf8');
    expect(notes()).toBe('agent\n');

    const tmux = e2e.terminal(120, 20);
    tmux.start(env);
    tmux.type(`${nodeBin} ${cliEntry} restore 1 --root ${root}`);
    await tmux.waitFor((s) => s.includes('restore notes.txt') && s.includes('Restore 1 file? [y/N]'));
    // Meanwhile the user writes more into the file the plan would overwrite.
    repo.write('notes.txt', 'agent\nand my new line\n');
    tmux.type('y');
    await tmux.waitFor((s) =>
      s.includes(
        'shipyard: the files changed while you were asked: nothing restored (run it again for the plan as it is now)',
      ),
    );
    expect(notes()).toBe('agent\nand my new line\n');

    tmux.type('clear');
    tmux.type(`${nodeBin} ${cliEntry} restore 1 --root ${root}`);
    await tmux.waitFor((s) => s.includes('Restore 1 file? [y/N]'));
    tmux.type('y');
    await tmux.waitFor((s) => s.includes('Restored 1 file as they were before #1: notes.txt.'));
    expect(notes()).toBe('mine\n');
  });
});
