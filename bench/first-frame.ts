// bench/first-frame: the CPU of the grid's first frame in a fresh process (code not yet optimised,
// as at start-up), 30 panes at 160×45, each pane as a cold start draws it ("reading git") and as a
// warm one does (the pane cache's state, marked cached), bundled as the app is. Each sample is its
// own process; the kinds alternate. Median of RUNS (default 9).
// Run: npx tsx bench/first-frame.ts
import { spawnSync } from 'node:child_process';
import { runInProduction } from './support/production.js';

await runInProduction(import.meta.filename);

const kind = process.env.FIRST_FRAME_KIND;
if (kind) {
  const { renderGrid } = await import('./support/render-grid.js');
  const { ObservableState } = await import('../src/core/observable-state.js');
  const { gitStatus, paneState } = await import('../test/support/fixtures.js');
  const names = Array.from({ length: 30 }, (_, i) => `project-${String(i).padStart(2, '0')}`);
  const panes = names.map((name) =>
    kind === 'cold'
      ? paneState(name, { git: undefined })
      : paneState(name, { git: gitStatus({ modified: 1, untracked: 1 }), stale: kind === 'warm' }),
  );
  const store = new ObservableState({ workspaceRoot: '/home/me/code', panes });
  const before = process.cpuUsage();
  const { instance } = renderGrid(store, {}, { maxFps: 60, size: [160, 45] });
  const used = process.cpuUsage(before);
  console.log(JSON.stringify({ cpu: (used.user + used.system) / 1000 }));
  instance.unmount();
  process.exit(0);
}

const { median } = await import('./support/workspace.js');
const { loadLine } = await import('./support/proc.js');
const runs = Number(process.env.RUNS ?? 9);
const kinds = ['cold', 'warm', 'fresh'] as const;
const samples = new Map<string, number[]>(kinds.map((k) => [k, []]));
console.log(`bench/first-frame: ${runs} processes per kind, interleaved; ${loadLine()}`);
for (let run = 0; run < runs; run++) {
  for (const k of kinds) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!], {
      env: { ...process.env, FIRST_FRAME_KIND: k },
      encoding: 'utf8',
    });
    samples.get(k)!.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!).cpu);
  }
}
const label = { cold: 'reading git (cold start)', warm: 'cached state (warm start)', fresh: 'fresh git' };
for (const k of kinds)
  console.log(`${label[k]}: first frame CPU median ${median(samples.get(k)!).toFixed(1)} ms`);
console.log(
  `warm/cold ${(median(samples.get('warm')!) / median(samples.get('cold')!)).toFixed(2)}; ${loadLine()}`,
);
