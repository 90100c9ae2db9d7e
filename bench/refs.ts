// How fast is `search_project` on a big sibling? Builds (once, cached in the temp folder) a committed
// repository of 50,000 files, then times 15 searches. Goal: median and p90 ≤ 300 ms.
//   npx tsx bench/refs.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ToolContext } from '../src/agent/tool.js';
import { searchProjectTool } from '../src/agent/tools/reference.js';

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

const times: number[] = [];
for (const args of searches) {
  const started = performance.now();
  const result = await searchProjectTool.run({ project: 'big', ...args }, ctx);
  const ms = performance.now() - started;
  times.push(ms);
  if (result.isError) throw new Error(`search failed: ${result.output}`);
  if (result.output.includes('never-shown')) throw new Error('the bench leaked .env content');
  console.log(`${ms.toFixed(0).padStart(5)} ms  ${result.summary}`);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
console.log(
  `search_project on ${FILES} files, ${times.length} runs: median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms (goal ≤ 300 ms)`,
);
