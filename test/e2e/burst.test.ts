// As fast as tmux can send them: `Ni` and six intents in one write, while agents stream their answers
// slowly, twenty rounds in a row: every intent is queued exactly as typed, in order, in the right
// project, and none is merged, split or lost.
import { describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { e2eResources } from '../support/e2e.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { scriptedEnv } from '../support/scripted-server.js';

const e2e = e2eResources();

const ROUNDS = 20;
const PROJECTS = ['api', 'web', 'worker'];

/** Six texts for a round, holding grid keys (q, r, i, digits, Space, ?) that must stay text. */
const textsOf = (round: number) =>
  Array.from({ length: 6 }, (_, k) => `r${round}-${k} quick retry: i 2 ? z @api done`);

describe('typing ahead in a real terminal', () => {
  it(`queues ${ROUNDS} bursts of six intents exactly as typed`, async () => {
    const root = makeTempDir('shipyard-e2e-burst-');
    for (const name of PROJECTS) createRepo({ parent: root, name });
    // A slow stream: the agents are busy while the next bursts arrive.
    const server = await e2e.server(() => ({ text: 'done with it', delayMs: 15 }));
    const env = scriptedEnv(server, makeTempDir('shipyard-home-'));
    const tmux = e2e.terminal(160, 45);
    tmux.start(env);
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}`);
    await tmux.waitFor((s) => s.includes('3 projects') && s.includes('worker'));

    const expected: Record<string, string[]> = { api: [], web: [], worker: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const pane = round % PROJECTS.length;
      const texts = textsOf(round);
      expected[PROJECTS[pane]!]!.push(...texts);
      // One write: focus the pane, open the input, six intents each ended by Enter.
      tmux.literal(`${pane + 1}i${texts.map((t) => `${t}\r`).join('')}`);
      await tmux.waitFor((s) => s.includes('Esc close'));
      tmux.keys('Escape');
      await tmux.waitFor((s) => !s.includes('Esc close'));
    }

    const done = async () => {
      const result = await runCli(['intents', '--json', '--root', root], { env });
      return JSON.parse(result.stdout) as { id: number; project: string; text: string; state: string }[];
    };
    let intents = await done();
    const deadline = Date.now() + 60_000;
    while (intents.some((i) => i.state !== 'done') || intents.length < ROUNDS * 6) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
      intents = await done();
    }
    for (const project of PROJECTS) {
      const mine = intents.filter((i) => i.project === project).sort((a, b) => a.id - b.id);
      expect(mine.map((i) => i.text)).toEqual(expected[project]);
    }
    expect(intents.filter((i) => i.state !== 'done')).toEqual([]);
    tmux.keys('q');
  }, 120_000);
});
