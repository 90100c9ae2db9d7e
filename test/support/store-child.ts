// A child process for the cross-process store tests:
//   enqueue DB PROJECT COUNT LABEL GO_AT  — enqueue COUNT intents at time GO_AT, then print "done"
//   lease DB WORKSPACE HOLDER GO_AT       — try the runner lease at GO_AT, print {"won":…}, live until stdin ends
//   steer DB PROJECT TEXT                 — add steering text, print "done"
import { openDb } from '../../src/store/db.js';
import { IntentStore } from '../../src/store/intents.js';
import { acquireLease } from '../../src/store/lease.js';
import { addSteering } from '../../src/store/steering.js';
import { waitUntil } from './tsx-child.js';

const [mode, file, ...rest] = process.argv.slice(2);
const db = openDb(file!);

if (mode === 'enqueue') {
  const [project, count, label, goAt] = rest;
  const store = new IntentStore(db);
  await waitUntil(Number(goAt));
  for (let i = 0; i < Number(count); i++) {
    store.enqueue(project!, `${label} ${i}`);
    // Spread the writes over a few tens of ms so the two processes' transactions interleave.
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  console.log('done');
} else if (mode === 'lease') {
  const [workspace, holder, goAt] = rest;
  await waitUntil(Number(goAt));
  const won = acquireLease(db, workspace!, holder!, { staleMs: 60_000 });
  console.log(JSON.stringify({ won, pid: process.pid }));
  // Stay alive (holding the lease, if won) until the test closes our stdin.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else if (mode === 'steer') {
  addSteering(db, rest[0]!, rest[1]!);
  console.log('done');
} else {
  throw new Error(`unknown mode ${mode}`);
}
