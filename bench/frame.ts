// bench/frame: the cost of one frame of the grid while 8 panes stream (Ink's render time, median of
// 200 frames) on a 200×60 terminal, without git, the model or the database in the way.
// Run: npx tsx bench/frame.ts
import { runInProduction } from './support/production.js';

await runInProduction(import.meta.filename);

const { renderGrid } = await import('./support/render-grid.js');
const { ObservableState } = await import('../src/core/observable-state.js');
const { gitStatus, paneState, conversation } = await import('../test/support/fixtures.js');
const { median, percentile } = await import('./support/workspace.js');

const names = Array.from({ length: 8 }, (_, i) => `project-${i}`);
const store = new ObservableState({
  workspaceRoot: '/home/me/code',
  panes: names.map((name) =>
    paneState(name, {
      git: gitStatus(),
      lines: conversation(30, `${name} says`),
      activity: { kind: 'thinking', since: Date.now() },
      tokens: { input: 12000, cached: 8000, output: 1200 },
    }),
  ),
});
// Every frame is drawn (no fps cap), so each store update costs one measured frame.
const { instance, frameTimes: times } = renderGrid(store, {}, { maxFps: 1000 });
const words = 'The change is done and the tests pass; next I will look at the retry helper. '.split(' ');
for (let frame = 0; frame < 220; frame++) {
  // every pane streams one more word into its last line
  store.update((state) => ({
    ...state,
    panes: state.panes.map((pane) => {
      const lines = pane.lines.slice();
      const last = lines[lines.length - 1]!;
      lines[lines.length - 1] = { ...last, text: `${last.text} ${words[frame % words.length]}` };
      if (frame % 15 === 0) lines.push({ kind: 'assistant', text: 'new line' });
      return { ...pane, lines };
    }),
  }));
  await new Promise((resolve) => setTimeout(resolve, 2));
}
const measured = times.slice(20);
console.log(
  `frame with 8 streaming panes at 200×60: median ${median(measured).toFixed(2)} ms, p90 ${percentile(measured, 90).toFixed(2)} ms, ` +
    `p99 ${percentile(measured, 99).toFixed(2)} ms, max ${Math.max(...measured).toFixed(2)} ms; ` +
    `${measured.filter((ms) => ms > 10).length} of ${measured.length} frames over 10 ms`,
);
instance.unmount();

// As the app streams: 1 and 8 panes at 160×45 each get the words of one frame's time through the
// pane reducer; CPU time per frame (robust on a loaded machine, unlike the render time above).
const { streamFrames } = await import('./support/stream-frames.js');
const { machineLine } = await import('./support/proc.js');
for (const count of [1, 8]) {
  const cpu = (await streamFrames({ panes: count, words: 600, size: [160, 45] })).slice(10);
  console.log(
    `${count} pane${count > 1 ? 's' : ''} streaming a 600-word answer at 160×45: CPU per frame median ${median(cpu).toFixed(2)} ms, ` +
      `p99 ${percentile(cpu, 99).toFixed(2)} ms (${cpu.length} frames)`,
  );
}
console.log(machineLine('in-process Ink on a fake terminal, production React'));
process.exit(0);
