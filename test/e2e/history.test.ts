// End to end: the input's history lives in the state database, per project, and survives a restart;
// readline keys edit the recalled text.
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { scriptedEnv } from '../support/scripted-server.js';

const e2e = e2eResources();

describe('input history in a real terminal', () => {
  it('Up brings back what was typed in that project before the restart', async () => {
    const root = makeTempDir('shipyard-e2e-history-');
    for (const name of ['api', 'web']) createRepo({ parent: root, name });
    const server = await e2e.server(() => ({ text: 'ok' }));
    const tmux = e2e.terminal(120, 30);
    tmux.start(scriptedEnv(server, makeTempDir('shipyard-home-')));
    const launch = `${nodeBin} ${cliEntry} --root ${root}; echo "APP-EXITED $?"`;
    tmux.type(launch);
    await tmux.waitFor((s) => s.includes('2 projects'));
    tmux.literal('ibump the retry limit\r');
    await tmux.waitFor((s) => /queued #1/.test(s));
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Esc close') && s.includes('✓ done')); // the answer shows before the end
    tmux.keys('q');
    await tmux.waitFor((s) => s.includes('APP-EXITED 0'));

    tmux.type('clear');
    tmux.type(launch);
    await tmux.waitFor((s) => s.includes('2 projects') && !s.includes('APP-EXITED'));
    // web has no history of its own.
    tmux.literal('2i');
    await tmux.waitFor((s) => s.includes('Esc close'));
    tmux.keys('Up');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // (The focused pane has the heavy border; api's conversation shows the text, web's input must not.)
    expect(tmux.screen()).not.toMatch(/┃ › bump the retry limit/);
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Esc close'));
    tmux.literal('1i');
    await tmux.waitFor((s) => s.includes('Esc close'));
    tmux.keys('Up');
    await tmux.waitFor((s) => /┃ › bump the retry limit/.test(s));
    // Readline: Alt+B a word back, Ctrl+K kills to the end, Ctrl+A to the start.
    tmux.keys('M-b', 'C-k');
    tmux.literal('count');
    await tmux.waitFor((s) => /┃ › bump the retry count/.test(s));
    tmux.keys('C-a');
    tmux.literal('please ');
    await tmux.waitFor((s) => /┃ › please bump the retry count/.test(s));
    tmux.keys('Escape');
    await tmux.waitFor((s) => !s.includes('Esc close'));
    tmux.keys('q');
  }, 60_000);
});
