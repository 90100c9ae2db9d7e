// `shipyard retry ID`: puts a failed, interrupted or cancelled intent back at the front of its queue.
import type { CliEnv } from '../env.js';
import { clipText, openState, parseIntentId } from '../state.js';

export function retryCommand(env: CliEnv, idText: string): void {
  const state = openState(env);
  const intent = state.intents.retry(parseIntentId(idText));
  process.stdout.write(
    `Re-queued #${intent.id} at the front of ${intent.project}'s queue (${clipText(intent.text)}).\n`,
  );
}
