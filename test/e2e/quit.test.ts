// Quitting at any moment, in a real terminal: idle, while the model streams, while a tool runs, while
// the commit runs, and while an approval waits. Each time the app exits 0 without an error and the
// running intent ends `interrupted` (resumable).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import type { RecordedRequest, ScriptedTurn } from '../support/scripted-server.js';

const e2e = e2eResources();

interface Phase {
  name: string;
  /** Settings written before the app starts. */
  settings?: Record<string, unknown>;
  /** The model's answer to each request of the intent. */
  answer(request: RecordedRequest): ScriptedTurn;
  /** True once the intent is in the phase to quit in. */
  reached(screen: string, marker: string): boolean;
  /** A commit under way is let finish: the intent may end `done` (and committed) instead. */
  mayFinish?: boolean;
}

const answered = (request: RecordedRequest) => request.raw.toString().includes('"tool"');

const phases: Phase[] = [
  {
    name: 'while the model streams',
    answer: () => ({ text: `streaming slowly ${'word by word '.repeat(40)}`, delayMs: 200 }),
    reached: (screen) => screen.includes('streaming slowly'),
  },
  {
    name: 'while a tool runs',
    answer: (request) =>
      answered(request)
        ? { text: 'slept' }
        : { toolCalls: [{ name: 'shell', arguments: { command: 'sleep 15' } }] },
    reached: (screen) => /shell sleep 15/.test(screen),
  },
  {
    name: 'while an approval waits',
    settings: { approval: 'ask' },
    answer: (request) =>
      answered(request)
        ? { text: 'listed' }
        : { toolCalls: [{ name: 'shell', arguments: { command: 'ls' } }] },
    reached: (screen) => /approv|\[y\]|y\/n/i.test(screen),
  },
  {
    name: 'while the commit runs',
    answer: (request) =>
      answered(request)
        ? { text: 'Add note' }
        : {
            toolCalls: [
              { name: 'edit_file', arguments: { path: 'note.txt', old_string: '', new_string: 'hi\n' } },
            ],
          },
    reached: (_screen, marker) => fs.existsSync(marker),
    mayFinish: true,
  },
];

async function startApp(settings: Record<string, unknown> = {}) {
  const root = makeTempDir('shipyard-e2e-quit-');
  const repo = createRepo({ parent: root, name: 'api' });
  // A slow pre-commit hook makes "mid-commit" a moment one can hit; it leaves a mark when it starts.
  const marker = path.join(makeTempDir('shipyard-quit-mark-'), 'committing');
  const hook = path.join(repo.path, '.git/hooks/pre-commit');
  fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\nsleep 4\n`, { mode: 0o755 });
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
  tmux.type(`${nodeBin} ${cliEntry} --root ${root} 2>&1; echo "APP-EXITED $?"`);
  // The hint shows once core is wired: keys typed before it would go nowhere.
  await tmux.waitFor((s) => s.includes('1 project') && s.includes('i types an intent'));
  return { root, env, marker, repo };
}

const exited = (screen: string) => /APP-EXITED \d/.test(screen);

/** `q`; while agents work the app asks to press it again. */
async function quit(): Promise<string> {
  e2e.tmux.keys('q');
  const first = await e2e.tmux.waitFor((s) => exited(s) || s.includes('press q again'));
  if (!exited(first)) e2e.tmux.keys('q');
  return e2e.tmux.waitFor(exited, 20_000);
}

describe('quitting in a real terminal', () => {
  it('when idle, exits 0', async () => {
    await e2e.server(() => ({ text: 'unused' }));
    await startApp();
    const screen = await quit();
    expect(screen).toContain('APP-EXITED 0');
    expect(screen).not.toMatch(/Error/);
  }, 60_000);

  for (const phase of phases) {
    it(`${phase.name}, exits 0 and leaves the intent interrupted`, async () => {
      await e2e.server((request) => phase.answer(request));
      const { root, env, marker, repo } = await startApp(phase.settings);
      e2e.tmux.keys('i');
      await new Promise((resolve) => setTimeout(resolve, 200));
      e2e.tmux.literal('do the thing');
      await e2e.tmux.waitFor((s) => s.includes('do the thing'));
      e2e.tmux.keys('Enter');
      await new Promise((resolve) => setTimeout(resolve, 100));
      e2e.tmux.keys('Escape'); // the input stays open for the next intent; q is a key of the grid
      // A q within ~20 ms of a lone Esc reads as Alt+q: let the Esc close the input first.
      await e2e.tmux.waitFor((screen) => !screen.includes('Esc closes'));
      await e2e.tmux.waitFor((screen) => phase.reached(screen, marker), 20_000);
      const screen = await quit();
      expect(screen).toContain('APP-EXITED 0');
      expect(screen).not.toMatch(/Error|statement has been finalized/);
      const listed = await runCli(['intents', '--json', '--root', root], { env });
      const intents = JSON.parse(listed.stdout) as { text: string; state: string }[];
      const states = intents.map((intent) => `${intent.text}:${intent.state}`);
      const committed = repo.git('log', '-1', '--format=%s') === 'Add note';
      if (phase.mayFinish && committed) expect(states).toEqual(['do the thing:done']);
      else expect(states).toEqual(['do the thing:interrupted']);
      if (phase.mayFinish && !committed) expect(repo.git('status', '--porcelain')).toContain('note.txt');
    }, 90_000);
  }
});
