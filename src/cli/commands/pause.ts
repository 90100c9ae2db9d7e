// `shipyard pause|resume PROJECT`: holds a project's queue (the running intent finishes) or lets it go on.
import type { CliEnv } from '../env.js';
import { openActions } from '../state.js';

export function pauseCommand(env: CliEnv, name: string): void {
  process.stdout.write(`${openActions(env).pause(name)}\n`);
}

export function resumeCommand(env: CliEnv, name: string): void {
  process.stdout.write(`${openActions(env).resume(name)}\n`);
}
