// Start-up in a real terminal: the second start draws every pane's last known state from the pane
// cache while git is still busy (a `git` on PATH that holds every call until the test lets go),
// marked "(cached)", then the fresh state once git answers.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';

const e2e = e2eResources();

/** A folder with a `git` that waits until `gate` exists (at most 30 s), then runs the real git. */
function slowGit(realGit: string): { bin: string; gate: string } {
  const bin = makeTempDir('shipyard-slow-git-');
  const gateFile = path.join(bin, 'gate');
  fs.writeFileSync(
    path.join(bin, 'git'),
    `#!/bin/sh\ni=0\nwhile [ ! -e '${gateFile}' ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\nexec '${realGit}' "$@"\n`,
    { mode: 0o755 },
  );
  return { bin, gate: gateFile };
}

function whichGit(): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'git');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('git is not on PATH');
}

describe('start-up', () => {
  it('shows the cached state of every pane while git is slow, then the fresh state', async () => {
    const root = makeTempDir('shipyard-e2e-startup-');
    const api = createRepo({ parent: root, name: 'api', commits: ['first of api'] });
    const web = createRepo({ parent: root, name: 'web', commits: ['first of web'] });
    const tmux = e2e.terminal(150, 40);
    tmux.start({ SHIPYARD_HOME: makeTempDir('shipyard-home-'), OPENAI_API_KEY: '' });

    // First start: git as usual; quitting leaves each pane's state in the cache.
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}; echo "FIRST-EXITED $?"`);
    await tmux.waitFor((s) => s.includes('first of api') && s.includes('first of web'));
    tmux.keys('q');
    await tmux.waitFor((s) => s.includes('FIRST-EXITED 0'));

    // Meanwhile the repositories move on.
    api.commit('second of api');
    web.write('notes.txt', 'untracked\n');
    const slow = slowGit(whichGit());
    e2e.onCleanup(() => fs.writeFileSync(slow.gate, '')); // never leave a git call waiting

    tmux.type(`PATH=${slow.bin}:$PATH ${nodeBin} ${cliEntry} --root ${root}; echo "SECOND-EXITED $?"`);
    const cachedScreen = await tmux.waitFor(
      (s) => s.includes('first of api') && s.includes('first of web') && s.includes('(cached)'),
    );
    expect(cachedScreen).not.toContain('second of api');
    expect(cachedScreen).not.toContain('reading git');
    expect(cachedScreen.match(/\(cached\)/g)).toHaveLength(2);

    fs.writeFileSync(slow.gate, '');
    const fresh = await tmux.waitFor(
      (s) => s.includes('second of api') && s.includes('?1') && !s.includes('(cached)'),
    );
    expect(fresh).toContain('first of web');
    tmux.keys('q');
    await tmux.waitFor((s) => s.includes('SECOND-EXITED 0'));
  }, 60_000);

  it.each([
    [
      'a field that fails validation (checked after the first frame)',
      '{ "parallel": "many" }',
      'field "parallel"',
    ],
    ['a file that is not JSON (checked before anything is drawn)', '{ "pinned": [', 'is not valid JSON'],
  ])('a broken settings file, %s: one line, exit 1, the file untouched', async (_, text, message) => {
    const root = makeTempDir('shipyard-e2e-startup-');
    createRepo({ parent: root, name: 'api' });
    const home = makeTempDir('shipyard-home-');
    const file = path.join(home, 'config.json');
    fs.writeFileSync(file, text);
    const tmux = e2e.terminal(150, 40);
    tmux.start({ SHIPYARD_HOME: home, OPENAI_API_KEY: '' });
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}; echo "EXITED $?"`);
    const screen = await tmux.waitFor((s) => s.includes('EXITED 1'));
    expect(screen).toContain(`shipyard: Settings file ${file}`);
    expect(screen).toContain(message);
    expect(tmux.inAlternateScreen()).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });
});
