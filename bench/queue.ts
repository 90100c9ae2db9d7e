// bench/queue: 8 projects × 25 queued intents against the scripted server with streaming delays, the
// real grid rendering in-process to a fake 200×60 terminal. Prints total time vs the ideal (sum of
// server time / parallelism), CPU per streamed delta, frames drawn per second, frame cost, RSS.
// Run: npx tsx bench/queue.ts
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppSession } from '../src/core/app-session.js';
import { openWorkspace } from '../src/core/workspace.js';
import { openDb } from '../src/store/db.js';
import { settingsSchema } from '../src/store/settings.js';
import { renderGrid } from './support/render-grid.js';
import { startServerChild } from './support/server.js';
import { makeWorkspace, median, percentile } from './support/workspace.js';

// Measure the app as the `shipyard` bin runs it: production React and the bin's Node flags.
if (!process.execArgv.includes('--max-semi-space-size=8')) {
  const child = spawnSync(
    process.execPath,
    [
      '--min-semi-space-size=8',
      '--max-semi-space-size=8',
      '--heap-growing-percent=20',
      '--expose-gc',
      ...process.execArgv,
      import.meta.filename,
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  process.exit(child.status ?? 1);
}

const PROJECTS = 8;
const INTENTS = Number(process.env.INTENTS ?? 25);
const DELAY_MS = Number(process.env.DELAY_MS ?? 10);
const TEXT_CHARS = 400;
const EVENTS_PER_REQUEST = Math.ceil(TEXT_CHARS / 8) + 6; // deltas + item/response events

const root = makeWorkspace(PROJECTS, 5);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-home-'));
const { baseURL, child } = await startServerChild({
  DELAY_MS: String(DELAY_MS),
  TEXT_CHARS: String(TEXT_CHARS),
});
const env = {
  ...process.env,
  OPENAI_BASE_URL: baseURL,
  OPENAI_API_KEY: 'k',
  SHIPYARD_MODEL: 'm',
  SHIPYARD_API: 'responses',
};
const settings = settingsSchema.parse({ parallel: PROJECTS, commit: 'off' });
const workspace = openWorkspace({ root });
const db = openDb(path.join(home, 'state.db'));
const session = new AppSession({ workspace, db, settings: () => settings, env });

const { instance, frameTimes } = renderGrid(session.store, session.actions, { maxFps: 30 });

let deltas = 0;
session.runner.on('change', () => {});
for (const project of workspace.projects) {
  for (let i = 0; i < INTENTS; i++) session.intents.enqueue(project.path, `task ${i} for ${project.name}`);
}
// Count streamed deltas through the store: each text event grows a pane line.
const originalUpdate = session.store.update.bind(session.store);
session.store.update = (change) => {
  deltas++;
  originalUpdate(change);
};

const cpuBefore = process.cpuUsage();
const started = performance.now();
frameTimes.length = 0;
session.start();
await new Promise<void>((resolve) => {
  const check = setInterval(() => {
    const open = session.intents.list({ states: ['queued', 'running'] }).length;
    if (open === 0) {
      clearInterval(check);
      resolve();
    }
  }, 50);
});
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
const failed = session.intents.list({ states: ['failed'] });
const serverMsPerRequest = EVENTS_PER_REQUEST * DELAY_MS;
const idealMs = (PROJECTS * INTENTS * serverMsPerRequest) / PROJECTS;
const memory = process.memoryUsage();
const rss = memory.rss / 2 ** 20;

console.log(
  `${PROJECTS} projects × ${INTENTS} intents (parallel ${PROJECTS}, ~${serverMsPerRequest} ms of streaming per request): ` +
    `total ${(elapsedMs / 1000).toFixed(2)} s vs ideal ${(idealMs / 1000).toFixed(2)} s (ratio ${(elapsedMs / idealMs).toFixed(2)})` +
    (failed.length ? `; ${failed.length} FAILED: ${failed[0]!.error}` : ''),
);
console.log(
  `CPU ${(cpuMs / 1000).toFixed(2)} s for ${deltas} store updates (≈ stream deltas + events): ${((cpuMs * 1000) / deltas).toFixed(0)} µs each`,
);
console.log(
  `frames drawn: ${frameTimes.length} in ${(elapsedMs / 1000).toFixed(1)} s = ${(frameTimes.length / (elapsedMs / 1000)).toFixed(1)} fps (cap 30); ` +
    `frame cost median ${median(frameTimes).toFixed(2)} ms, p99 ${percentile(frameTimes, 99).toFixed(2)} ms, max ${Math.max(...frameTimes).toFixed(2)} ms`,
);
console.log(
  `RSS at the end: ${rss.toFixed(1)} MiB (V8 heap used ${(memory.heapUsed / 2 ** 20).toFixed(1)} MiB, ` +
    `${liveHeapMiB().toFixed(1)} MiB live after a full GC)`,
);

function liveHeapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

if (process.env.HEAP_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(process.env.HEAP_SNAPSHOT);
instance.unmount();
await session.close();
child.kill('SIGTERM');
fs.rmSync(root, { recursive: true, force: true });
fs.rmSync(home, { recursive: true, force: true });
process.exit(0);
