// Remote workspaces over loopback SSH (a real sshd, test/support/sshd.ts), in tmux 160×45:
// - first frame with one local and two remote workspaces: process start → the local pane's name, and
//   → both remote panes with their git (the ssh logins, `serve --stdio` there, hello), median of 5;
// - the added latency of a key on a remote pane: `p` (pause/resume, which goes through core) in the
//   zoomed pane until "paused" appears or goes, on the local pane and on a remote one, interleaved,
//   median of 20 each; the difference is what the round trip adds. Goal: ≤ 50 ms (median).
// Run: npm run build && npx tsx bench/remote.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepo } from '../test/support/git-repos.js';
import { remoteShipyard, startSshd } from '../test/support/sshd.js';
import { TmuxApp } from './support/tmux-app.js';
import { median } from './support/workspace.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
const nodeBin = path.join(repoRoot, 'node_modules/.bin/node');
const cliEntry = path.join(repoRoot, 'dist/cli/bin.js');
const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

const sshd = await startSshd(['build1', 'build2']);
const local = temp('shipyard-bench-local-');
createRepo({ parent: local, name: 'web' });
const hosts: Record<string, { command: string; root: string; open: boolean }> = {};
for (const host of ['build1', 'build2']) {
  const root = temp(`shipyard-bench-${host}-`);
  createRepo({ parent: root, name: 'api' });
  const home = temp(`shipyard-bench-${host}-home-`);
  hosts[host] = {
    command: remoteShipyard(nodeBin, cliEntry, { SHIPYARD_HOME: home, HOME: home }),
    root,
    open: true,
  };
}
const home = temp('shipyard-bench-home-');
fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ hosts }));
const env = `SHIPYARD_SSH='${sshd.sshCommand}' OPENAI_API_KEY=`;

const firstFrame: number[] = [];
const allRemote: number[] = [];
for (let run = 0; run < 5; run++) {
  const app = new TmuxApp(160, 45, home);
  app.start(local, env);
  firstFrame.push(await app.until((s) => s.includes('1 web')));
  allRemote.push(
    await app.until(
      (s) => /2 build1:api[^\n]*\n[\s\S]*main/.test(s) && /3 build2:api/.test(s) && !s.includes('connecting'),
      30_000,
    ),
  );
  app.stop();
}
console.log(`first frame (1 local + 2 ssh): ${median(firstFrame).toFixed(0)} ms median of 5`);
console.log(`every remote pane drawn:       ${median(allRemote).toFixed(0)} ms median of 5`);

/** One `p` in the zoomed pane until the pause it toggles shows (or goes). */
async function keyToFrame(app: TmuxApp): Promise<number> {
  const was = app.screen().includes('paused');
  const at = performance.now();
  app.keys('p');
  const deadline = at + 10_000;
  while (app.screen().includes('paused') === was) {
    if (performance.now() > deadline) throw new Error(`no change after p:\n${app.screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - at;
}

const app = new TmuxApp(160, 45, home);
app.start(local, env);
await app.until((s) => /3 build2:api/.test(s) && !s.includes('connecting'), 30_000);
const times: Record<'local' | 'remote', number[]> = { local: [], remote: [] };
for (let round = 0; round < 20; round++) {
  for (const [which, key] of [
    ['local', '1'],
    ['remote', '2'],
  ] as const) {
    app.keys(key, 'z');
    await app.until((s) => s.includes(which === 'local' ? 'web' : 'build1:api'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    times[which].push(await keyToFrame(app));
    app.keys('Escape');
    await new Promise((resolve) => setTimeout(resolve, 80));
  }
}
app.stop();
const [l, r] = [median(times.local), median(times.remote)];
console.log(`key → frame, local pane:  ${l.toFixed(1)} ms median of 20`);
console.log(`key → frame, remote pane: ${r.toFixed(1)} ms median of 20`);
console.log(`added by the remote round trip: ${(r - l).toFixed(1)} ms (goal ≤ 50 ms)`);
await sshd.stop();
