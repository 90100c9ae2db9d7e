// bench/diff: opening the diff of an intent that touched 200 files / 20,000 lines (100 new files of
// 100 lines, 100 files with 50 lines replaced) on a 200×60 terminal: d pressed in the zoomed queue →
// the first screen of the diff drawn (git diff-tree + numstat, parsing, rows, frame), and End (the
// last line, every row of the diff before it). Goal: first screen ≤ 200 ms. Run: npx tsx bench/diff.ts
import { runInProduction } from './support/production.js';

await runInProduction(import.meta.filename);

const fs = await import('node:fs');
const os = await import('node:os');
const path = await import('node:path');
const { execFileSync } = await import('node:child_process');
const { renderGrid } = await import('./support/render-grid.js');
const { ObservableState } = await import('../src/core/observable-state.js');
const { CoreActions } = await import('../src/core/actions.js');
const { recordChange } = await import('../src/core/change-record.js');
const { diffData } = await import('../src/core/intent-diff.js');
const { commitFiles } = await import('../src/git/commit.js');
const { openDb } = await import('../src/store/db.js');
const { IntentStore } = await import('../src/store/intents.js');
const { settingsSchema } = await import('../src/store/settings.js');
const { paneState, intentView } = await import('../test/support/fixtures.js');
const { median } = await import('./support/workspace.js');

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-diff-'));
const repo = path.join(root, 'app');
fs.mkdirSync(path.join(repo, 'src'), { recursive: true });
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Bench');
git('config', 'user.email', 'bench@shipyard.invalid');
const lines = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix} line ${i}`).join('\n');
for (let f = 0; f < 100; f++)
  fs.writeFileSync(path.join(repo, 'src', `old-${f}.ts`), `${lines(`old ${f}`, 100)}\n`);
git('add', '-A');
git('commit', '-qm', 'base');
const files: string[] = [];
for (let f = 0; f < 100; f++) {
  const file = `src/old-${f}.ts`;
  const kept = lines(`old ${f}`, 100).split('\n');
  for (let i = 0; i < 50; i++) kept[i * 2] = `changed ${f} line ${i}`;
  fs.writeFileSync(path.join(repo, file), `${kept.join('\n')}\n`);
  files.push(file);
}
for (let f = 0; f < 100; f++) {
  const file = `src/new-${f}.ts`;
  fs.writeFileSync(path.join(repo, file), `${lines(`new ${f}`, 100)}\n`);
  files.push(file);
}

const db = openDb(path.join(root, 'state.db'));
const intents = new IntentStore(db);
const intent = intents.startNow(repo, 'touch 200 files');
intents.finish(intent.id, 'done');
await recordChange(db, repo, intent.id, await commitFiles(repo, files, 'Touch 200 files', 'commit'));
const core = new CoreActions({
  db,
  workspace: { root, projects: [{ name: 'app', path: repo }] } as never,
  settings: () => settingsSchema.parse({}),
});
const stat = (await core.diff(intent.id, { stat: true })) as {
  files: unknown[];
  added: number;
  removed: number;
};
console.log(`diff of #${intent.id}: ${stat.files.length} files, +${stat.added} −${stat.removed}`);

const store = new ObservableState({
  workspaceRoot: root,
  panes: [
    paneState('app', {
      intents: [
        {
          ...intentView(intent.id, 'touch 200 files', 'done'),
          change: { files: 200, added: stat.added, removed: stat.removed, undone: false },
        },
      ],
    }),
  ],
});
let fullAt = 0;
const actions = {
  loadDiff: async (id: number, options?: { firstFiles?: number }) => {
    const data = diffData(await core.diff(id, options));
    if (!data.partial) fullAt = performance.now();
    return data;
  },
};
const { instance, stdin, stdout } = renderGrid(store, actions, { maxFps: 1000 });
/** Waits for a frame written after frame `from` that holds `text` (incremental frames hold only what changed). */
const frameWith = async (from: number, text: string) => {
  while (!stdout.frames.slice(from).some((frame) => frame.includes(text)))
    await new Promise((resolve) => setImmediate(resolve));
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
await frameWith(0, 'app');
stdin.write('z');
await frameWith(0, '200 files');
await settle();

const opens: number[] = [];
const ends: number[] = [];
const wholes: number[] = [];
for (let run = 0; run < 7; run++) {
  let from = stdout.frames.length;
  fullAt = 0;
  const started = performance.now();
  stdin.write('d');
  await frameWith(from, 'new 0 line 0');
  opens.push(performance.now() - started);
  // The whole diff is on screen with the first frame after its read (incremental frames only hold
  // what changed: here the title's "reading the other 192 files…" going away).
  while (fullAt === 0) await new Promise((resolve) => setImmediate(resolve));
  const framesThen = stdout.frames.length;
  while (stdout.frames.length === framesThen) await new Promise((resolve) => setImmediate(resolve));
  wholes.push(performance.now() - started);
  await settle();
  from = stdout.frames.length;
  const paged = performance.now();
  stdin.write('\x1b[F');
  await frameWith(from, 'old 99 line 99');
  ends.push(performance.now() - paged);
  await settle();
  from = stdout.frames.length;
  stdin.write('\x1b');
  await frameWith(from, 'queue ·');
  await settle();
}
console.log(
  `open the diff (d → first screen): median ${median(opens).toFixed(1)} ms, max ${Math.max(...opens).toFixed(1)} ms (7 runs; goal ≤ 200 ms)`,
);
console.log(
  `… and every file read (the title stops saying "reading the other 192 files"): median ${median(wholes).toFixed(1)} ms`,
);
console.log(`End (to the last line, 20,000 rows down): median ${median(ends).toFixed(1)} ms`);
instance.unmount();
db.close();
fs.rmSync(root, { recursive: true, force: true });
process.exit(0);
