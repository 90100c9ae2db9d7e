// bench/idle: CPU seconds the app uses in 10 s of idle with 30 repositories (no busy polling).
// Run: npm run build && npx tsx bench/idle.ts
import fs from 'node:fs';
import { TmuxApp } from './support/tmux-app.js';
import { makeWorkspace } from './support/workspace.js';

const seconds = Number(process.env.IDLE_SECONDS ?? 10);
const root = makeWorkspace(30);
const app = new TmuxApp(200, 80);
app.start(root);
try {
  await app.until((screen) => (screen.match(/\bmain\b/g) ?? []).length >= 30);
  await new Promise((resolve) => setTimeout(resolve, 3000)); // let watchers settle
  const before = app.cpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const used = app.cpuSeconds() - before;
  console.log(
    `idle with 30 repos: ${used.toFixed(2)} CPU s in ${seconds} s = ${((used / seconds) * 100).toFixed(2)} % of one core; ` +
      `peak RSS ${app.peakRssMiB().toFixed(1)} MiB`,
  );
} finally {
  app.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
