// End to end: a project whose approval policy is "ask", in a real terminal, against the scripted
// model. Stray typing while a two-line command waits runs nothing; the prompt (Enter) shows both
// lines; y runs the whole command once it was all shown.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { scriptedEnv } from '../support/scripted-server.js';

const e2e = e2eResources();

describe('approvals in a real terminal', () => {
  it('stray typing answers nothing; the prompt shows the whole command before y runs it', async () => {
    const root = makeTempDir('shipyard-e2e-approval-');
    createRepo({ parent: root, name: 'api' });
    createRepo({ parent: root, name: 'web' });
    const command = 'echo running the unit tests now\ntouch hidden-second-line.txt';
    const server = await e2e.server((_request, index) =>
      index === 0 ? { toolCalls: [{ name: 'shell', arguments: { command } }] } : { text: 'ran it' },
    );
    const home = makeTempDir('shipyard-home-');
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ approval: 'ask' }));
    const tmux = e2e.terminal(120, 30);
    tmux.start(scriptedEnv(server, home));
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}`);
    await tmux.waitFor((s) => s.includes('2 projects') && s.includes('web'));
    tmux.literal('imake the file\r');
    await tmux.waitFor((s) => s.includes('waiting for approval'));
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Esc close'));

    // In the grid, as one write and as single keys: letters that used to answer (y, a, n).
    tmux.literal('add logging, yes always');
    await tmux.waitFor((s) => s.includes('› add logging, yes always'));
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Esc close'));
    expect(tmux.screen()).toContain('waiting for approval');
    expect(fs.existsSync(path.join(root, 'api', 'hidden-second-line.txt'))).toBe(false);

    tmux.keys('Enter');
    const prompt = await tmux.waitFor((s) => s.includes('api waits for approval'));
    expect(prompt).toContain('echo running the unit tests now');
    expect(prompt).toContain('touch hidden-second-line.txt');
    tmux.keys('y');
    await tmux.waitFor((s) => s.includes('ran it'));
    expect(fs.existsSync(path.join(root, 'api', 'hidden-second-line.txt'))).toBe(true);
    tmux.keys('q');
  }, 60_000);
});
