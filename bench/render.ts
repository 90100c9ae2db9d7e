// bench/render: frames of a pane holding a 1 MB single-word intent (in its conversation and its queue)
// and a 100,000-line output, in the grid and zoomed, on a 200×60 terminal, each against the same grid
// whose texts are a few KB (the same panes, lines and rows on screen): the difference is what the big
// content costs. First the first frame, in fresh processes taking turns (any first frame pays React's
// and Ink's cold start, the same for both); then, after mount: frames while the panes stream, after a
// resize (every row wrapped again), zoomed, and the input editor holding a 1 MB paste, per key.
// Goal: ≤ 50 ms a frame. Run: npx tsx bench/render.ts [first-frame runs, default 7]
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { runInProduction } from './support/production.js';

await runInProduction(import.meta.filename);

const { renderGrid } = await import('./support/render-grid.js');
const { ObservableState } = await import('../src/core/observable-state.js');
const { gitStatus, paneState, intentView } = await import('../test/support/fixtures.js');
const { median } = await import('./support/workspace.js');

/** `big`: the 1 MB texts; `small`: the same panes, lines and rows on screen, from a few KB of text. */
type Content = 'big' | 'small';
const CONTENTS: Content[] = ['big', 'small'];

function grid(content: Content) {
  const big = content === 'big';
  // 1 MiB, no space (small: 4 KiB, still more rows than a pane shows)
  const word = 'QmFzZTY0'.repeat(big ? 128 * 1024 : 512);
  const output = Array.from({ length: big ? 100_000 : 100 }, (_, i) => `output line ${i}`).join('\n');
  // 1M+ code units of wide graphemes (small: 3 KiB)
  const wideWord = '漢字👍🏽'.repeat(big ? 256 * 1024 : 512);
  const store = new ObservableState({
    workspaceRoot: '/home/me/code',
    panes: ['big', 'wide', 'other'].map((name) =>
      paneState(name, {
        git: gitStatus(),
        lines: [
          { kind: 'user', text: name === 'wide' ? wideWord : word },
          { kind: 'tool', text: 'shell seq 100000' },
          { kind: 'output', text: output },
          { kind: 'assistant', text: 'Looking at it' },
        ],
        intents: [intentView(2, word, 'queued'), intentView(1, word, 'running')],
        activity: { kind: 'thinking', since: Date.now() },
      }),
    ),
  });
  return { store, word };
}

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const idle = () => new Promise((resolve) => setTimeout(resolve, 20));
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function firstFrame(content: Content) {
  const { store, word } = grid(content);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rendered = renderGrid(store, {}, { maxFps: 1000 });
  while (rendered.frameAt.length === 0) await turn();
  const used = process.cpuUsage(cpu);
  return {
    ...rendered,
    store,
    word,
    ms: rendered.frameAt[0]! - started,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** One row of the after-mount table: a label and the frame costs it measured. */
interface Measured {
  label: string;
  costs: number[];
}

async function afterMount(content: Content): Promise<Measured[]> {
  const { instance, frameAt, stdin, stdout, store, word } = await firstFrame(content);
  const results: Measured[] = [];

  /** Every pane streams one more word into its last line. */
  const streamWord = (frame: number) =>
    store.update((state) => ({
      ...state,
      panes: state.panes.map((pane) => {
        const lines = pane.lines.slice();
        const last = lines.at(-1)!;
        lines[lines.length - 1] = { ...last, text: `${last.text} word${frame}` };
        return { ...pane, lines };
      }),
    }));

  /** Time from a change to its frame on screen (React's render of our rows and Ink's output both). */
  async function frameCost(change: () => void): Promise<number> {
    const before = frameAt.length;
    const started = performance.now();
    change();
    while (frameAt.length === before) await turn();
    const cost = frameAt[before]! - started;
    await idle();
    return cost;
  }

  async function measure(label: string, times: number, change: (i: number) => void) {
    const costs: number[] = [];
    for (let i = 0; i < times; i++) costs.push(await frameCost(() => change(i)));
    results.push({ label, costs });
  }

  await idle();
  await measure('grid, streaming', 30, streamWord);
  await measure('grid, resized to 160×50 (every row wrapped again)', 1, () => stdout.resize(160, 50));
  await measure('zoomed, first frame', 1, () => stdin.write('\r'));
  await measure('zoomed, streaming', 30, streamWord);
  await measure('zoomed, scrolled to the oldest line', 1, () => stdin.write('\x1b[H'));
  // The input editor holding the paste (1 MB, or 4 KB): what one key costs (a frame after each).
  await measure('back to the grid', 1, () => stdin.write('\x1b'));
  await measure('grid, the word pasted into the input', 1, () => stdin.write(`\x1b[200~${word}\x1b[201~`));
  await measure('input holding it, a typed letter', 20, () => stdin.write('x'));
  await measure('input holding it, cursor left', 20, () => stdin.write('\x1b[D'));
  await measure('input holding it, Backspace', 20, () => stdin.write('\x7f'));
  await measure('input holding it, Alt+B (word left)', 5, () => stdin.write('\x1bb'));
  instance.unmount();
  return results;
}

/** This bench, bundled, again in a fresh process: `mode` says what it measures and prints as JSON. */
function child<T>(mode: string): T {
  const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, SHIPYARD_RENDER_CHILD: mode },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = run.stdout.split('\n').find((text) => text.startsWith('{'));
  if (!line) throw new Error(`bench/render ${mode} failed: ${run.stderr}`);
  return JSON.parse(line) as T;
}

const mode = process.env.SHIPYARD_RENDER_CHILD;
if (mode) {
  const [what, content] = mode.split(':') as ['first' | 'mount', Content];
  if (what === 'first') {
    const { ms, cpuMs } = await firstFrame(content);
    console.log(JSON.stringify({ ms, cpuMs }));
  } else {
    console.log(JSON.stringify({ results: await afterMount(content) }));
  }
  process.exit(0);
}

const runs = Number(process.argv[2] ?? 7);
console.log(`load average ${load()} (1, 5, 15 min); ${os.cpus().length} cores`);
const firsts: Record<Content, { ms: number[]; cpuMs: number[] }> = {
  big: { ms: [], cpuMs: [] },
  small: { ms: [], cpuMs: [] },
};
for (let i = 0; i < runs; i++) {
  for (const content of CONTENTS) {
    const { ms, cpuMs } = child<{ ms: number; cpuMs: number }>(`first:${content}`);
    firsts[content].ms.push(ms);
    firsts[content].cpuMs.push(cpuMs);
  }
}
const ms = (value: number) => `${value.toFixed(1)} ms`;
const first = (content: Content, key: 'ms' | 'cpuMs') => median(firsts[content][key]);
console.log(`grid, first frame (median of ${runs} fresh processes each, taking turns):`);
console.log(
  `  with the 1 MB intents and the 100,000-line output: ${ms(first('big', 'ms'))} (CPU ${ms(first('big', 'cpuMs'))})`,
);
console.log(
  `  the same grid and rows on screen from 4 KB texts:   ${ms(first('small', 'ms'))} (CPU ${ms(first('small', 'cpuMs'))})`,
);
console.log(
  `  what the big content costs:                         ${ms(first('big', 'ms') - first('small', 'ms'))} (CPU ${ms(first('big', 'cpuMs') - first('small', 'cpuMs'))})`,
);

const mounted = Object.fromEntries(
  CONTENTS.map((content) => [content, child<{ results: Measured[] }>(`mount:${content}`).results]),
) as Record<Content, Measured[]>;
console.log(
  'after mount, change → frame on screen (median, max; 1 MB content | 4 KB content | difference of medians):',
);
mounted.big.forEach((big, i) => {
  const small = mounted.small[i]!;
  const summary = ({ costs }: Measured) =>
    costs.length === 1 ? ms(costs[0]!) : `${ms(median(costs))}, max ${ms(Math.max(...costs))}`;
  const frames = big.costs.length > 1 ? ` (${big.costs.length} frames)` : '';
  console.log(
    `  ${big.label}${frames}: ${summary(big)} | ${summary(small)} | ${ms(median(big.costs) - median(small.costs))}`,
  );
});
console.log(`load average ${load()}`);
