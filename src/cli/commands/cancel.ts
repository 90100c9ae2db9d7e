// `shipyard cancel PROJECT`: asks whichever process runs the project's intent to abort it.
import type { CliEnv } from '../env.js';
import { openActions } from '../state.js';

export function cancelCommand(env: CliEnv, name: string): void {
  process.stdout.write(`${openActions(env).cancel(name)}\n`);
}
