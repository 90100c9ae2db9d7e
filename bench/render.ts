// bench/render: frames of a pane holding a 1 MB single-word intent (in its conversation and its queue)
// and a 100,000-line output, in the grid and zoomed, on a 200×60 terminal: the first frame, frames
// while the pane streams, and a frame after a resize (every row wrapped again); then the input editor
// holding a 1 MB paste, per key. Goal: ≤ 50 ms a frame.
// Run: npx tsx bench/render.ts
import { runInProduction } from './support/production.js';

await runInProduction(import.meta.filename);

const { renderGrid } = await import('./support/render-grid.js');
const { ObservableState } = await import('../src/core/observable-state.js');
const { gitStatus, paneState, intentView } = await import('../test/support/fixtures.js');
const { median } = await import('./support/workspace.js');

const word = 'QmFzZTY0'.repeat(128 * 1024); // 1 MiB, no space
const output = Array.from({ length: 100_000 }, (_, i) => `output line ${i}`).join('\n');
const wideWord = '漢字👍🏽'.repeat(256 * 1024); // 1M+ code units of wide graphemes

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

const renderStarted = performance.now();
const { instance, frameAt, stdin, stdout } = renderGrid(store, {}, { maxFps: 1000 });
const idle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Every pane streams one more word into its last line. */
function streamWord(frame: number): void {
  store.update((state) => ({
    ...state,
    panes: state.panes.map((pane) => {
      const lines = pane.lines.slice();
      const last = lines.at(-1)!;
      lines[lines.length - 1] = { ...last, text: `${last.text} word${frame}` };
      return { ...pane, lines };
    }),
  }));
}

/** Time from a change to its frame on screen (React's render of our rows and Ink's output both). */
async function frameCost(change: () => void): Promise<number> {
  const before = frameAt.length;
  const started = performance.now();
  change();
  while (frameAt.length === before) await new Promise((resolve) => setImmediate(resolve));
  const cost = frameAt[before]! - started;
  await idle();
  return cost;
}

async function measure(label: string, times: number, change: (i: number) => void): Promise<void> {
  const costs: number[] = [];
  for (let i = 0; i < times; i++) costs.push(await frameCost(() => change(i)));
  const summary =
    times === 1
      ? `${costs[0]!.toFixed(1)} ms`
      : `median ${median(costs).toFixed(1)} ms, max ${Math.max(...costs).toFixed(1)} ms (${times} frames)`;
  console.log(`${label}: ${summary}`);
}

while (frameAt.length === 0) await new Promise((resolve) => setImmediate(resolve));
console.log(`grid, first frame: ${(frameAt[0]! - renderStarted).toFixed(1)} ms`);
await idle();
await measure('grid, streaming', 30, streamWord);
await measure('grid, resized to 160×50 (every row wrapped again)', 1, () => stdout.resize(160, 50));
await measure('zoomed, first frame', 1, () => stdin.write('\r'));
await measure('zoomed, streaming', 30, streamWord);
await measure('zoomed, scrolled to the oldest line', 1, () => stdin.write('\x1b[H'));
// The input editor holding a 1 MB paste: what one key costs (a frame after each).
await measure('back to the grid', 1, () => stdin.write('\x1b'));
await measure('grid, 1 MB pasted into the input', 1, () => stdin.write(`\x1b[200~${word}\x1b[201~`));
await measure('input holding 1 MB, a typed letter', 20, () => stdin.write('x'));
await measure('input holding 1 MB, cursor left', 20, () => stdin.write('\x1b[D'));
await measure('input holding 1 MB, Backspace', 20, () => stdin.write('\x7f'));
await measure('input holding 1 MB, Alt+B (word left)', 5, () => stdin.write('\x1bb'));
instance.unmount();
process.exit(0);
