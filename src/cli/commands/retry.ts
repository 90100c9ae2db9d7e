// `shipyard retry ID`: puts a failed, interrupted or cancelled intent back at the front of its queue.
import type { CliEnv } from '../env.js';
import { openActions, parseIntentId } from '../state.js';

export function retryCommand(env: CliEnv, idText: string): void {
  process.stdout.write(`${openActions(env).retry(parseIntentId(idText))}\n`);
}
