// bench/sandbox: what the fence costs. A trivial command (`true`) through the shell tool with and
// without the sandbox, median of RUNS each, interleaved; and the one-off mask scan of an intent's
// first command over a workspace of SIBLINGS siblings × FILES files. Goal: < 20 ms added (median).
// Run: npx tsx bench/sandbox.ts
import fs from 'node:fs';
import path from 'node:path';
import type { ToolContext } from '../src/agent/tool.js';
import { secretFilter } from '../src/agent/tools/secrets.js';
import { shellTool } from '../src/agent/tools/shell.js';
import { CommandFence } from '../src/sandbox/fence.js';
import { sandboxSupport } from '../src/sandbox/support.js';
import { median } from './support/workspace.js';

const RUNS = Number(process.env.RUNS ?? 30);
const SIBLINGS = Number(process.env.SIBLINGS ?? 10);
const FILES = Number(process.env.FILES ?? 2000);

const support = sandboxSupport();
if (!support.ok) {
  console.log(`no sandbox here: ${support.reason}`);
  process.exit(1);
}
const base = fs.realpathSync(fs.mkdtempSync(path.join('/var/tmp', 'shipyard-bench-sandbox-')));
const project = path.join(base, 'ws', 'app');
fs.mkdirSync(path.join(project, '.git'), { recursive: true });
const siblings: string[] = [];
for (let s = 0; s < SIBLINGS; s++) {
  const sibling = path.join(base, 'ws', `sib-${s}`);
  for (let f = 0; f < FILES; f++) {
    const dir = path.join(sibling, `d${f % 40}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${f}.ts`), '');
  }
  fs.writeFileSync(path.join(sibling, '.env'), 'SECRET=x\n');
  siblings.push(sibling);
}
// A home without a login profile: the shell's own start-up is the same with and without the fence.
const home = path.join(base, 'home');
fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
const env = { ...process.env, HOME: home };
const fence = (mode: 'workspace-write' | 'off' = 'workspace-write', layered = false) =>
  new CommandFence({
    projectRoot: project,
    policy: { mode, network: false, required: false, envAllow: [] },
    siblings,
    deny: secretFilter(),
    env,
    ...(layered ? { layerBase: path.join(base, 'layers') } : {}),
  });
const context = (sandbox: CommandFence): ToolContext => ({
  projectRoot: project,
  signal: new AbortController().signal,
  commandTimeoutMs: 10_000,
  changedFiles: new Set(),
  sandbox,
});

async function time(ctx: ToolContext): Promise<number> {
  const started = performance.now();
  const result = await shellTool.run({ command: 'true' }, ctx);
  if (!result.output.endsWith('[exit 0]')) throw new Error(`unexpected: ${result.output}`);
  return performance.now() - started;
}

const scanStart = performance.now();
const first = fence();
first.launch();
const scanMs = performance.now() - scanStart;

const fenced: number[] = [];
const layered: number[] = [];
const plain: number[] = [];
const plainCtx = context(fence('off'));
const fencedCtx = context(first);
const layeredCtx = context(fence('workspace-write', true));
for (let run = 0; run < RUNS + 3; run++) {
  const [a, b, c] = [await time(plainCtx), await time(fencedCtx), await time(layeredCtx)];
  if (run < 3) continue; // warm-up
  plain.push(a);
  fenced.push(b);
  layered.push(c);
}
fs.rmSync(base, { recursive: true, force: true });
const [p, f, l] = [median(plain), median(fenced), median(layered)];
console.log(
  `trivial command, median of ${RUNS}: plain ${p.toFixed(1)} ms, sandboxed ${f.toFixed(1)} ms, sandboxed on an overlay ${l.toFixed(1)} ms`,
);
console.log(
  `added by the sandbox: ${(f - p).toFixed(1)} ms, with the overlay ${(l - p).toFixed(1)} ms (goal < 20 ms)`,
);
console.log(`mask scan, once per intent, ${SIBLINGS} siblings × ${FILES} files: ${scanMs.toFixed(1)} ms`);
