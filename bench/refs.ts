// How fast is `search_project` on a big sibling? Builds (once, cached in the temp folder) a committed
// repository of 50,000 files, then times 15 searches: once through plain `git grep --untracked` (what
// every search cost before the kept index, and what a search the index cannot answer still costs),
// the first search (cold: git grep answers it while the index builds) and the second (waits for the
// build), the 15 from the kept index (warm: a running app),
// and a search right after files changed. Goal: warm median ≤ 300 ms. Prints the RSS the index holds.
//   npx tsx bench/refs.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from '../src/agent/tool.js';
import { grepFiles } from '../src/agent/tools/grep.js';
import { searchProjectTool } from '../src/agent/tools/reference.js';
import { secretFilter } from '../src/agent/tools/secrets.js';

const FILES = 50_000;
const PER_FOLDER = 100;
const workspaceRoot = path.join(os.tmpdir(), 'shipyard-bench-refs');
const repo = path.join(workspaceRoot, 'big');
const ready = path.join(workspaceRoot, `ready-${FILES}`);

function build(): void {
  fs.rmSync(workspaceRoot, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  const started = Date.now();
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(repo, 'src', `module${Math.floor(i / PER_FOLDER)}`);
    if (i % PER_FOLDER === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `file${i}.ts`), source(i));
  }
  fs.writeFileSync(path.join(repo, '.env'), 'API_KEY=never-shown\n');
  fs.writeFileSync(path.join(repo, '.gitignore'), '.env\n');
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
      cwd: repo,
      stdio: 'ignore',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench files');
  // Like any real repository after a while: index stat data fresh, no racily-clean entries to re-read.
  git('status', '--porcelain');
  fs.writeFileSync(ready, '');
  console.log(`built ${FILES} files in ${Date.now() - started} ms at ${repo}`);
}

// About 1 KiB of plausible TypeScript per file, with a few rare identifiers to look for.
function source(i: number): string {
  return [
    `// Module ${i}: generated for the search benchmark.`,
    `import { helper${i % 97} } from '../shared/helper${i % 97}.js';`,
    '',
    `export interface Record${i} {`,
    '  id: string;',
    '  createdAt: Date;',
    `  value${i % 13}: number;`,
    '}',
    '',
    `export function handle${i}(input: Record${i}): number {`,
    `  // TODO(bench): tune the constant ${i % 7}`,
    `  const weight = helper${i % 97}(input.value${i % 13});`,
    `  return weight * ${i} + input.id.length;`,
    '}',
    '',
    i % 5000 === 0
      ? `export const rareMarker${i} = 'needle-in-haystack';`
      : `export const marker${i} = ${i};`,
    '',
  ].join('\n');
}

if (!fs.existsSync(ready)) build();
else console.log(`reusing ${repo}`);

const ctx: ToolContext = {
  projectRoot: workspaceRoot,
  signal: new AbortController().signal,
  commandTimeoutMs: 60_000,
  changedFiles: new Set(),
  workspace: { root: workspaceRoot, projects: [{ name: 'big', path: fs.realpathSync(repo), pinned: false }] },
};

// Rare, common (stops at the cap) and regex queries, with and without a path.
const searches = [
  { query: 'needle-in-haystack' },
  { query: 'TODO\\(bench\\)' },
  { query: 'handle4999[0-9]\\(' },
  { query: 'rareMarker[0-9]+' },
  { query: 'does-not-exist-anywhere' },
  { query: 'helper42\\(', path: 'src/module7' },
  { query: 'createdAt' },
  { query: 'Record12345\\b' },
  { query: 'weight \\* 4[0-9]{4} ' },
  { query: 'import \\{ helper9[0-6] \\}' },
  { query: 'value12: number' },
  { query: 'needle', path: 'src' },
  { query: 'API_KEY' },
  { query: 'export function handle1\\(' },
  { query: 'constant [0-6]$' },
];

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
const at = (times: number[], q: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function timed(args: { query: string; path?: string }, indexed = true): Promise<number> {
  const started = performance.now();
  const result = indexed
    ? await searchProjectTool.run({ project: 'big', ...args }, ctx)
    : await grepFiles(repo, args.query, args.path, { label: 'git grep', deny: secretFilter() });
  const took = performance.now() - started;
  if (result.isError) throw new Error(`search failed: ${result.output}`);
  if (result.output.includes('never-shown')) throw new Error('the bench leaked .env content');
  if (indexed) console.log(`${took.toFixed(0).padStart(5)} ms  ${result.summary}`);
  return took;
}

console.log(
  `load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}, ${os.cpus().length} cores, node ${process.version}`,
);
const gitTimes: number[] = [];
for (const args of searches) gitTimes.push(await timed(args, false));
console.log(
  `git grep --untracked, 15 searches: median ${ms(median(gitTimes))}, p90 ${ms(at(gitTimes, 0.9))}`,
);

global.gc?.();
const before = process.memoryUsage();
console.log('cold (the first search: git grep answers while the index builds; the second waits for it):');
const cold = await timed(searches[0]!);
const coldSecond = await timed(searches[0]!);
global.gc?.();
const memory = process.memoryUsage();
console.log('warm (the index kept, as in a running app):');
const times: number[] = [];
for (const args of searches) times.push(await timed(args));

// A file changed and one added between searches: the watches see both (the add re-lists the repository).
const changed = path.join(repo, 'src', 'module3', 'file300.ts');
const original = fs.readFileSync(changed, 'utf8');
fs.writeFileSync(changed, `${original}// changed-by-bench\n`);
const modified = await timed({ query: 'changed-by-bench' });
const added = path.join(repo, 'src', 'module3', 'added-by-bench.ts');
fs.writeFileSync(added, 'export const addedByBench = 1;\n');
const relisted = await timed({ query: 'addedByBench' });
fs.writeFileSync(changed, original);
fs.rmSync(added);
const restored = await timed({ query: 'addedByBench' });

console.log(
  `search_project on ${FILES} files: cold ${ms(cold)}, then ${ms(coldSecond)} (the build); warm ${times.length} runs: median ${ms(median(times))}, p90 ${ms(at(times, 0.9))} (goal ≤ 300 ms); ` +
    `after a change ${ms(modified)}, after an add ${ms(relisted)}, after a delete ${ms(restored)}; ` +
    `git grep median ${ms(median(gitTimes))} (${(median(gitTimes) / median(times)).toFixed(0)}×)`,
);
console.log(
  `held by the index: RSS +${((memory.rss - before.rss) / 2 ** 20).toFixed(0)} MB, heap +${((memory.heapUsed - before.heapUsed) / 2 ** 20).toFixed(0)} MB` +
    `${global.gc ? '' : ' (run with NODE_OPTIONS=--expose-gc for numbers without garbage)'}`,
);
