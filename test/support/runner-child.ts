// A runner in its own process, for crash-recovery tests: RUNNER DB WORKSPACE_JSON.
// Its execute sleeps 30 s (until aborted); it prints "running <id>" when an intent starts.
import { Runner } from '../../src/core/runner.js';
import type { Workspace } from '../../src/model/project.js';
import { openDb } from '../../src/store/db.js';

const [file, workspaceJson] = process.argv.slice(2);
const workspace = JSON.parse(workspaceJson!) as Workspace;
const runner = new Runner({
  db: openDb(file!),
  workspace,
  holderId: `child-${process.pid}`,
  pollMs: 50,
  execute: (_intent, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ state: 'done' }), 30_000);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve({ state: 'cancelled' });
      });
    }),
});
runner.on('change', (change) => console.log(`${change.state} ${change.intentId}`));
runner.on('active', (active) => console.log(active ? 'active' : 'passive'));
runner.start();
