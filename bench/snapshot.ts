// How long does the snapshot before an intent take? A committed repository of 10,000 files,
// timed with 200 of them changed (100 modified, 50 staged, 50 untracked) and with nothing changed.
// `takeSnapshot` gets the status the executor has already read (its own cost is printed apart).
// Goals (median): ≤ 150 ms with 200 changed, ≤ 30 ms with nothing changed.
//   npx tsx bench/snapshot.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePorcelainV2 } from '../src/git/porcelain.js';
import { runGit } from '../src/git/run.js';
import { pruneSnapshots, takeSnapshot } from '../src/git/snapshot.js';

const FILES = 10_000;
const PER_FOLDER = 100;
const RUNS = 15;
const repo = path.join(os.tmpdir(), 'shipyard-bench-snapshot');
const ready = path.join(repo, '.git', `ready-${FILES}`);
const limits = { maxUntrackedBytes: 50 * 1024 * 1024 };

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd: repo,
    stdio: 'ignore',
  });

function build(): void {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(repo, 'src', `m${Math.floor(i / PER_FOLDER)}`);
    if (i % PER_FOLDER === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `f${i}.ts`), `export const value${i} = ${i};\n`.repeat(20));
  }
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench files');
  git('status', '--porcelain'); // index stat data fresh, as in any repository after a while
  fs.writeFileSync(ready, '');
}

const file = (i: number) => path.join(repo, 'src', `m${Math.floor(i / PER_FOLDER)}`, `f${i}.ts`);

/** 200 changed files; each run changes their content so git hashes them anew. */
function change(run: number): void {
  for (let i = 0; i < 100; i++) fs.appendFileSync(file(i * 97), `// run ${run}\n`);
  for (let i = 0; i < 50; i++) fs.appendFileSync(file(i * 97 + 1), `// staged ${run}\n`);
  git('add', ...Array.from({ length: 50 }, (_, i) => file(i * 97 + 1)));
  fs.mkdirSync(path.join(repo, 'new'), { recursive: true });
  for (let i = 0; i < 50; i++)
    fs.writeFileSync(path.join(repo, 'new', `u${i}.txt`), `untracked ${run} ${i}\n`);
}

async function readStatus() {
  return parsePorcelainV2(
    await runGit(repo, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']),
  );
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  if (!fs.existsSync(ready)) build();
  git('reset', '-q', '--hard');
  git('clean', '-qfd');
  // A fresh state database: the last run's refs would be an earlier attempt's, kept, not written.
  const refs = execFileSync('git', ['for-each-ref', '--format=delete %(refname)', 'refs/shipyard/'], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (refs.trim()) execFileSync('git', ['update-ref', '--stdin'], { cwd: repo, input: refs });
  let id = 1;

  const clean: number[] = [];
  const cleanStatus: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let status = await readStatus();
    cleanStatus.push(await time(async () => (status = await readStatus())));
    clean.push(await time(() => takeSnapshot(repo, { stateId: 'bench', intentId: id++ }, status, limits)));
  }

  const changed: number[] = [];
  const changedStatus: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    change(run);
    let status = await readStatus();
    changedStatus.push(await time(async () => (status = await readStatus())));
    if (status.dirty !== 200) throw new Error(`expected 200 changed files, got ${status.dirty}`);
    changed.push(await time(() => takeSnapshot(repo, { stateId: 'bench', intentId: id++ }, status, limits)));
  }
  const prune = await time(() => pruneSnapshots(repo, { keepDays: 14, keepCount: 10 }));
  git('reset', '-q', '--hard');
  git('clean', '-qfd');

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(`snapshot, ${FILES} tracked files, median of ${RUNS}:`);
  console.log(
    `  nothing changed: ${ms(median(clean))}  (goal ≤ 30 ms; the status the executor reads anyway: ${ms(median(cleanStatus))})`,
  );
  console.log(
    `  200 changed:     ${ms(median(changed))}  (goal ≤ 150 ms; status: ${ms(median(changedStatus))})`,
  );
  console.log(`  pruning ${id - 11} snapshots down to 10: ${ms(prune)}`);
}

await main();
