// bench/context: a project whose living context holds 10,000 items. Prints the time to open the app
// (first frame with every name and the conversation tail), the time to draw its zoomed pane, RSS.
// Run: npm run build && npx tsx bench/context.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEEP_INTENTS } from '../src/core/recording-sink.js';
import type { FeedEvent } from '../src/model/feed.js';
import { ContextStore } from '../src/store/contexts.js';
import { openDb } from '../src/store/db.js';
import { FeedStore } from '../src/store/feed.js';
import { TmuxApp } from './support/tmux-app.js';
import { makeWorkspace, median } from './support/workspace.js';

const ITEMS = Number(process.env.ITEMS ?? 10_000);
const runs = Number(process.env.RUNS ?? 5);
const root = makeWorkspace(5, 5);
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-ctx-'));
const project = fs.realpathSync(path.join(root, 'project-00'));

const db = openDb(path.join(home, 'state.db'));
const contexts = new ContextStore(db);
const feed = new FeedStore(db);
const fillStart = performance.now();
// What the pane shows is its saved feed (the last KEEP_INTENTS intents), replayed at start; the
// model's context is the 10,000 items. Both as the executor writes them, one intent per 4 items.
const say = (turn: number, event: FeedEvent) => feed.append(project, turn + 1, event);
for (let i = 0; i < ITEMS; i++) {
  const turn = Math.floor(i / 4);
  const kind = i % 4;
  if (kind === 0) say(turn, { type: 'start', text: `intent ${turn}: make the thing better` });
  else if (kind === 1)
    say(turn, {
      type: 'tool-start',
      callId: `c${i}`,
      name: 'shell',
      summary: `npm test -- --grep case-${turn}`,
    });
  else if (kind === 2)
    say(turn, {
      type: 'tool-end',
      callId: `c${i - 1}`,
      name: 'shell',
      summary: `npm test -- --grep case-${turn}`,
      isError: false,
      durationMs: 120,
      preview: `ok ${turn}`,
    });
  else {
    say(turn, { type: 'text', delta: `Done with turn ${turn}. LAST-MARK-${turn}` });
    say(turn, { type: 'end', state: 'done' });
    feed.keepLastIntents(project, KEEP_INTENTS);
  }
  if (kind === 0)
    contexts.append(
      project,
      { type: 'message', role: 'user', content: `intent ${turn}: make the thing better` },
      { kind: 'user' },
    );
  else if (kind === 1)
    contexts.append(
      project,
      {
        type: 'function_call',
        call_id: `c${i}`,
        name: 'shell',
        arguments: JSON.stringify({ command: `npm test -- --grep case-${turn}` }),
      },
      { kind: 'tool_call' },
    );
  else if (kind === 2)
    contexts.append(
      project,
      { type: 'function_call_output', call_id: `c${i - 1}`, output: `ok ${turn}\n`.repeat(20) },
      { kind: 'tool_result' },
    );
  else
    contexts.append(
      project,
      { type: 'message', role: 'assistant', content: `Done with turn ${turn}. LAST-MARK-${turn}` },
      { kind: 'assistant' },
    );
}
db.close();
console.log(`filled ${ITEMS} context items in ${(performance.now() - fillStart).toFixed(0)} ms`);
const lastMark = `LAST-MARK-${Math.floor((ITEMS - 1) / 4)}`;

const open: number[] = [];
const zoom: number[] = [];
const rss: number[] = [];
for (let run = 0; run < runs; run++) {
  const app = new TmuxApp(200, 50, home);
  app.start(root);
  try {
    open.push(await app.until((screen) => screen.includes('project-04') && screen.includes(lastMark)));
    const before = performance.now();
    app.keys('Enter'); // zoom the focused (first) pane
    await app.until((screen) => screen.includes(lastMark) && !screen.includes('project-04'));
    zoom.push(performance.now() - before);
    rss.push(app.peakRssMiB());
  } finally {
    app.stop();
  }
}
console.log(
  `${ITEMS}-item context: open to first frame with the conversation tail ${median(open).toFixed(0)} ms median ` +
    `(min ${Math.min(...open).toFixed(0)}, max ${Math.max(...open).toFixed(0)}, ${runs} runs); ` +
    `zoomed pane drawn in ${median(zoom).toFixed(0)} ms median; peak RSS ${median(rss).toFixed(1)} MiB`,
);
fs.rmSync(root, { recursive: true, force: true });
fs.rmSync(home, { recursive: true, force: true });
