// The scripted OpenAI-compatible server in its own process, so a benchmark's CPU numbers are the app's.
// Prints its base URL on stdout. Every request streams TEXT_CHARS characters, one delta per 8, with
// DELAY_MS between stream events.
import { startScriptedServer } from '../../test/support/scripted-server.js';

const chars = Number(process.env.TEXT_CHARS ?? 400);
const delayMs = Number(process.env.DELAY_MS ?? 4);
const text = 'The change is done and the tests pass. '.repeat(Math.ceil(chars / 39)).slice(0, chars);
const server = await startScriptedServer(() => ({
  text,
  delayMs,
  usage: { input: 1000, output: chars / 4 },
}));
process.stdout.write(`${server.baseURL}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
