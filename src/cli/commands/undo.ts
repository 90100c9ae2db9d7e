// `shipyard undo ID [--reason TEXT]`: reverts intent ID's commit with `git revert` (or unstages what
// it staged) and tells the project's agent. A revert that would conflict stops and changes nothing.
import type { CliEnv } from '../env.js';
import { openActions, parseIntentId } from '../state.js';

export async function undoCommand(env: CliEnv, idText: string, options: { reason?: string }): Promise<void> {
  const line = await openActions(env).undo(parseIntentId(idText), options.reason);
  process.stdout.write(`${line[0]!.toUpperCase()}${line.slice(1)}.\n`);
}
