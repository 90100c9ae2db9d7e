// bench/startup: time from process start to the first frame showing every project name,
// for 5 and 30 repositories (median of several runs), plus peak RSS.
// Run: npm run build && npx tsx bench/startup.ts
import fs from 'node:fs';
import { TmuxApp } from './support/tmux-app.js';
import { makeWorkspace, median } from './support/workspace.js';

const runs = Number(process.env.RUNS ?? 7);

for (const count of [5, 30]) {
  const root = makeWorkspace(count);
  const names = Array.from({ length: count }, (_, i) => `project-${String(i).padStart(2, '0')}`);
  const firstFrame: number[] = [];
  const gitFilled: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Tall enough that every pane is on screen at once.
    const app = new TmuxApp(200, count > 8 ? 80 : 40);
    app.start(root);
    try {
      firstFrame.push(await app.until((screen) => names.every((name) => screen.includes(name))));
      // git details (branch names) in every pane
      gitFilled.push(await app.until((screen) => (screen.match(/\bmain\b/g) ?? []).length >= count));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rss.push(app.peakRssMiB());
    } finally {
      app.stop();
    }
  }
  console.log(
    `${count} repos: first frame with every name ${median(firstFrame).toFixed(0)} ms median ` +
      `(min ${Math.min(...firstFrame).toFixed(0)}, max ${Math.max(...firstFrame).toFixed(0)}, ${runs} runs); ` +
      `git details in every pane ${median(gitFilled).toFixed(0)} ms median; peak RSS ${median(rss).toFixed(1)} MiB median`,
  );
  fs.rmSync(root, { recursive: true, force: true });
}
