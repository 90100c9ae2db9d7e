// bench/idle: the CPU an idle app uses with 30 repositories, in every 20 s window from its first
// frame, and over a later steady stretch. The first window holds start-up's tail (the session
// loading, the first git reads, the watchers' first scan, the model check), printed on its own:
// from the first frame to git in every pane, and the 2 s after that. CPU of the whole process tree
// (the app and the git it starts), to the nanosecond for the app's own threads.
//   IDLE_WINDOWS=3 (20 s windows from the first frame), IDLE_SECONDS=10 (the steady stretch after them)
//   RUNS=1, BASE_CLI=/path/to/other/dist/cli/bin.js (the same, interleaved)
// Run: npm run build && npx tsx bench/idle.ts
import fs from 'node:fs';
import path from 'node:path';
import { loadLine, machineLine, processCpuSeconds, treeCpuSeconds } from './support/proc.js';
import { TmuxApp } from './support/tmux-app.js';
import { makeWorkspace, median } from './support/workspace.js';

const WINDOW_S = 20;
const windows = Number(process.env.IDLE_WINDOWS ?? 3);
const steadySeconds = Number(process.env.IDLE_SECONDS ?? 10);
const runs = Number(process.env.RUNS ?? 1);
const repoRoot = path.resolve(import.meta.dirname, '..');
const subjects = [{ name: 'this build', cli: path.join(repoRoot, 'dist/cli/bin.js') }];
if (process.env.BASE_CLI) subjects.push({ name: 'base', cli: process.env.BASE_CLI });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds of the app's tree: the app's threads exactly, its reaped and living children by ticks. */
function treeCpu(pid: number): number {
  return treeCpuSeconds(pid) - ticksOf(pid) + processCpuSeconds(pid);
}

function ticksOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface Sample {
  /** CPU ms from the first frame to git in every pane, and in the 2 s after that. */
  toGit: number;
  afterGit: number;
  windows: number[];
  steady: number;
  rss: number;
}

async function measure(cli: string): Promise<Sample> {
  const root = makeWorkspace(30);
  const app = new TmuxApp(200, 80);
  try {
    app.start(root, '', { cli });
    await app.until((screen) => screen.includes('project-00'));
    const start = treeCpu(app.pid);
    const firstFrameAt = performance.now();
    await app.until((screen) => (screen.match(/\bmain\b/g) ?? []).length >= 30);
    const atGit = treeCpu(app.pid);
    await sleep(2000);
    const afterGit = treeCpu(app.pid) - atGit;
    await sleep(Math.max(0, WINDOW_S * 1000 - (performance.now() - firstFrameAt)));
    const percents: number[] = [];
    let before = start;
    for (let window = 0; window < windows; window++) {
      if (window > 0) await sleep(WINDOW_S * 1000);
      const now = treeCpu(app.pid);
      percents.push(((now - before) / WINDOW_S) * 100);
      before = now;
    }
    await sleep(steadySeconds * 1000);
    const steady = ((treeCpu(app.pid) - before) / steadySeconds) * 100;
    return {
      toGit: (atGit - start) * 1000,
      afterGit: afterGit * 1000,
      windows: percents,
      steady,
      rss: app.peakRssMiB(),
    };
  } finally {
    app.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

console.log(
  machineLine(
    `bench/idle: 30 repos, tmux 200×80, ${windows} × ${WINDOW_S} s windows from the first frame, then ${steadySeconds} s; RUNS=${runs}`,
  ),
);
const results = new Map(subjects.map((subject) => [subject.name, [] as Sample[]]));
for (let run = 0; run < runs; run++) {
  for (const subject of subjects) results.get(subject.name)!.push(await measure(subject.cli));
}
for (const [name, samples] of results) {
  const perWindow = Array.from({ length: windows }, (_, i) => median(samples.map((s) => s.windows[i]!)));
  console.log(
    `${name}: start-up after the first frame ${median(samples.map((s) => s.toGit)).toFixed(0)} ms CPU to git in every pane, ` +
      `${median(samples.map((s) => s.afterGit)).toFixed(0)} ms in the 2 s after; ${perWindow.map((p, i) => `window ${i + 1} ${p.toFixed(2)} %`).join(', ')}; ` +
      `then ${median(samples.map((s) => s.steady)).toFixed(2)} % over ${steadySeconds} s (of one core, median of ${samples.length}); ` +
      `peak RSS ${median(samples.map((s) => s.rss)).toFixed(1)} MiB` +
      (samples.length > 1
        ? `; window 1 runs: ${samples.map((s) => s.windows[0]!.toFixed(2)).join(', ')}`
        : ''),
  );
}
console.log(`after: ${loadLine()}`);
