// bench/startup: time from process start to the first frame showing every project name, for 5 and
// 30 repositories (median of several runs), the time until git details fill every pane, peak RSS.
// The app runs on a pseudo-terminal (util-linux `script`); its output is read as it arrives.
// Run: npm run build && npx tsx bench/startup.ts
import fs from 'node:fs';
import { PtyApp } from './support/pty-app.js';
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
    const app = new PtyApp(200, count > 8 ? 80 : 40);
    app.start(root);
    try {
      firstFrame.push(await app.until((out) => names.every((name) => out.includes(name))));
      // every pane shows its last commit's subject once git has been read
      gitFilled.push(
        await app.until((out) => names.every((_, i) => out.includes(`initial commit of project ${i}`))),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      rss.push(app.peakRssMiB());
    } finally {
      await app.stop();
      app.removeHome();
    }
  }
  console.log(
    `${count} repos: first frame with every name ${median(firstFrame).toFixed(0)} ms median ` +
      `(min ${Math.min(...firstFrame).toFixed(0)}, max ${Math.max(...firstFrame).toFixed(0)}, ${runs} runs); ` +
      `[${firstFrame.map((ms) => ms.toFixed(0)).join(' ')}]; ` +
      `git details in every pane ${median(gitFilled).toFixed(0)} ms median; peak RSS ${median(rss).toFixed(1)} MiB median`,
  );
  fs.rmSync(root, { recursive: true, force: true });
}
