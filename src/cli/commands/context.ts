// `shipyard context compact|reset PROJECT`: shrink the project's living context into a summary now,
// or end it so the next intent starts fresh (the old one stays readable in `shipyard log`).
import type { CliEnv } from '../env.js';
import { openActions } from '../state.js';

export async function contextCompactCommand(env: CliEnv, name: string): Promise<void> {
  const actions = openActions(env);
  const { line } = await actions.compact(name);
  process.stdout.write(`${actions.project(name).name}: ${line}\n`);
}

export function contextResetCommand(env: CliEnv, name: string): void {
  process.stdout.write(`${openActions(env).reset(name).line}\n`);
}
