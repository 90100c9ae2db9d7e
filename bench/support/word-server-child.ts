// The scripted OpenAI-compatible server in its own process, streaming an answer of WORDS words one
// word per DELAY_MS (a model at terminal speed). Prints its base URL, then `request` for every request
// and `done` when an answer finished streaming, so the benchmark knows when streams start and end.
import { startScriptedServer } from '../../test/support/scripted-server.js';
import { answerWords } from './answer.js';

const words = answerWords(Number(process.env.WORDS ?? 600));
const delayMs = Number(process.env.DELAY_MS ?? 20);
const server = await startScriptedServer(() => {
  process.stdout.write('request\n');
  return { text: words.join(''), deltas: words, delayMs, usage: { input: 1000, output: words.length } };
});
process.stdout.write(`${server.baseURL}\n`);
// The scripted server records each request's `doneAt` when its answer ends.
setInterval(() => {
  for (const request of server.requests) {
    if (request.doneAt !== undefined && !(request as { told?: boolean }).told) {
      (request as { told?: boolean }).told = true;
      process.stdout.write('done\n');
    }
  }
}, 20).unref();
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
