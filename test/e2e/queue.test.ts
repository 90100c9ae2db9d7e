// End to end, as a person would: the app in tmux against the scripted model server; two intents typed
// into a pane while its agent is busy, a third queued from another shell; they finish in order.
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { scriptedEnv } from '../support/scripted-server.js';

const e2e = e2eResources();

describe('queueing in a real terminal', () => {
  it('runs typed and externally queued intents in order, on screen', async () => {
    const root = makeTempDir('shipyard-e2e-queue-');
    for (const name of ['api', 'web', 'worker']) createRepo({ parent: root, name });
    // Each answer names its intent; the first is slow so the others queue behind it.
    const server = await e2e.server((request) => {
      const body = request.raw.toString();
      const task = /"content":"(task-[a-z]+)/.exec(body.slice(body.lastIndexOf('"role":"user"') - 20))?.[1];
      return { text: `finished ${task}`, delayMs: task === 'task-alpha' ? 120 : 10 };
    });
    const env = scriptedEnv(server, makeTempDir('shipyard-home-'));
    const tmux = e2e.terminal(160, 45);
    tmux.start(env);
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}`);
    await tmux.waitFor((s) => s.includes('3 projects') && s.includes('worker'));

    tmux.keys('2'); // focus web
    await tmux.waitFor((s) => /┏━ 2 web/.test(s));
    tmux.keys('i');
    await new Promise((resolve) => setTimeout(resolve, 200));
    tmux.literal('task-alpha');
    tmux.keys('Enter');
    await new Promise((resolve) => setTimeout(resolve, 300));
    tmux.literal('task-bravo');
    tmux.keys('Enter');
    // The app confirms in the pane; only then queue the third one from outside.
    await tmux.waitFor((s) => /queued #2/.test(s));
    const queued = await runCli(['queue', 'web', 'task-charlie', '--root', root], { env });
    expect(queued.code).toBe(0);

    const screen = await tmux.waitFor(
      (s) => ['alpha', 'bravo', 'charlie'].every((task) => s.includes(`finished task-${task}`)),
      20_000,
    );
    const order = ['finished task-alpha', 'finished task-bravo', 'finished task-charlie'].map((line) =>
      screen.indexOf(line),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const intents = JSON.parse((await runCli(['intents', '--json', '--root', root], { env })).stdout) as {
      text: string;
      state: string;
    }[];
    expect(intents.map((intent) => `${intent.text}:${intent.state}`)).toEqual([
      'task-alpha:done',
      'task-bravo:done',
      'task-charlie:done',
    ]);
    tmux.keys('Escape');
    tmux.keys('q');
  }, 60_000);
});
