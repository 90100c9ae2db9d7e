// End to end, as a person would: the built CLI in a real terminal (tmux), keys in, screen read back.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir, TempRepo } from '../support/git-repos.js';

const e2e = e2eResources();

function workspace(): string {
  const root = makeTempDir('shipyard-e2e-');
  createRepo({ parent: root, name: 'api', commits: ['first', 'add retries'] });
  const web = createRepo({ parent: root, name: 'web' });
  web.write('dirty.txt', 'x\n');
  createRepo({ parent: root, name: 'worker' });
  return root;
}

describe('the grid in a real terminal', () => {
  it('shows every project live, moves focus, zooms, opens help, and restores the terminal on q', async () => {
    const root = workspace();
    const tmux = e2e.terminal(150, 40);
    tmux.start({ SHIPYARD_HOME: makeTempDir('shipyard-home-'), OPENAI_API_KEY: '' });
    tmux.type('echo BEFORE-APP; stty -a | grep -o -- "-\\?icanon" | head -1');
    await tmux.waitFor((screen) => screen.includes('BEFORE-APP') && /icanon/.test(screen));
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}; echo "APP-EXITED $?"`);

    // Each pane's git status and last commit are read separately: wait for both to be on screen.
    let screen = await tmux.waitFor(
      (s) =>
        ['api', 'web', 'worker'].every((name) => s.includes(name)) &&
        s.includes('add retries') &&
        /\?1/.test(s),
    );
    expect(tmux.inAlternateScreen()).toBe(true);
    expect(screen).toContain('3 projects');
    expect(screen).toMatch(/┏━ 1 api/); // focus starts on the first pane
    // web's untracked file shows in its pane
    expect(screen).toMatch(/\?1/);

    // Live: a commit made by someone else shows up within a second or so.
    new TempRepo(path.join(root, 'api')).commit('hotfix from another terminal');
    screen = await tmux.waitFor((s) => s.includes('hotfix from another terminal'), 5000);

    tmux.keys('Tab');
    screen = await tmux.waitFor((s) => /┏━ 2 web/.test(s));
    tmux.keys('3');
    screen = await tmux.waitFor((s) => /┏━ 3 worker/.test(s));

    tmux.keys('?');
    screen = await tmux.waitFor((s) => /help/i.test(s) && s.includes('Shift+Tab'));
    tmux.keys('Escape');
    await tmux.waitFor((s) => s.includes('api') && s.includes('web') && !s.includes('Shift+Tab'));

    tmux.keys('z');
    screen = await tmux.waitFor((s) => !s.includes('1 api') && !s.includes('2 web') && s.includes('worker'));
    tmux.keys('Escape');
    await tmux.waitFor((s) => s.includes('api') && s.includes('web') && s.includes('worker'));

    tmux.keys('q');
    screen = await tmux.waitFor((s) => s.includes('APP-EXITED 0'));
    // The primary screen is back, with what was on it before the app started.
    expect(tmux.inAlternateScreen()).toBe(false);
    expect(screen).toContain('BEFORE-APP');
    expect(tmux.cursorVisible()).toBe(true);
    // Raw mode is off again: the line discipline is canonical.
    tmux.type('stty -a | grep -o -- "-\\?icanon" | tail -1; echo STTY-DONE');
    screen = await tmux.waitFor((s) => s.includes('STTY-DONE') && s.split('STTY-DONE')[0]!.trim().length > 0);
    const after = screen.split('\n').filter((line) => /^-?icanon$/.test(line.trim()));
    expect(after.at(-1)?.trim()).toBe('icanon');
  }, 60_000);
});
