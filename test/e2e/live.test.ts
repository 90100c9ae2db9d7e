// Live from every process: an `ask` run from another shell shows in the running app's pane as it
// happens (its intent, the streamed answer, the end), within a second.
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';

const e2e = e2eResources();

describe('work of another process, live in the app', () => {
  it('an ask from a second shell shows in the pane while it runs and ends there within a second', async () => {
    const root = makeTempDir('shipyard-e2e-live-');
    for (const name of ['api', 'web']) createRepo({ parent: root, name });
    const answer = 'answered from the other shell, streamed slowly';
    // About 2 s of streaming: the pane must show the beginning before the ask has finished.
    const server = await e2e.server(() => ({ text: answer, delayMs: 300 }));
    const env = {
      SHIPYARD_HOME: makeTempDir('shipyard-home-'),
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_API_KEY: 'test-key',
      SHIPYARD_MODEL: 'test-model',
      SHIPYARD_API: 'chat',
    };
    const tmux = e2e.terminal(140, 30);
    tmux.start(env);
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}`);
    await tmux.waitFor((s) => s.includes('2 projects') && s.includes('i types an intent'), 20_000);

    let askEnded = 0;
    const ask = runCli(['ask', 'api', 'asked from another shell', '--root', root], { env }).then((result) => {
      askEnded = Date.now();
      return result;
    });
    // While the ask streams, the app already shows its intent and the first words of the answer.
    await tmux.waitFor((s) => s.includes('› asked from another shell') && s.includes('answered'), 10_000);
    expect(askEnded).toBe(0);
    const screen = await tmux.waitFor((s) => s.includes(answer) && /✓ done/.test(s), 15_000);
    const shownAt = Date.now();
    const result = await ask;
    expect(result.code, result.stderr).toBe(0);
    // The end may show before the ask's process has exited (it saves the end, then closes): no delay.
    const late = askEnded === 0 ? 0 : shownAt - askEnded;
    console.log(`the end of another process's ask showed ${late} ms after it exited`);
    expect(late).toBeLessThan(1000);
    // The intent, its answer and the end, in that order, in api's pane.
    const order = ['› asked from another shell', answer].map((text) => screen.indexOf(text));
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[1]).toBeGreaterThan(order[0]!);
    tmux.keys('q');
  }, 60_000);
});
