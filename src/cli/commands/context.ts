// `shipyard context compact|reset PROJECT`: shrink the project's living context into a summary now,
// or end it so the next intent starts fresh (the old one stays readable in `shipyard log`).

import { compactOnRequest } from '../../core/compact-on-request.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';

export async function contextCompactCommand(env: CliEnv, name: string): Promise<void> {
  const state = openState(env);
  const project = state.project(name);
  const { line } = await compactOnRequest({
    contexts: state.contexts,
    project,
    settings: env.settings,
    env: process.env,
  });
  process.stdout.write(`${project.name}: ${line}\n`);
}

export function contextResetCommand(env: CliEnv, name: string): void {
  const state = openState(env);
  const project = state.project(name);
  const running = state.intents.list({ project: project.path, states: ['running'] })[0];
  if (running) {
    throw new UserError(
      `#${running.id} is running in ${project.name}; cancel it first (shipyard cancel ${project.name})`,
    );
  }
  const live = state.contexts.items(project.path).length;
  if (!state.contexts.reset(project.path, 'reset by the user')) {
    process.stdout.write(`${project.name} has no context yet; nothing to reset.\n`);
    return;
  }
  process.stdout.write(
    `Ended ${project.name}'s context (${live} live items); the next intent starts a fresh one. ` +
      `The old one stays in: shipyard log ${project.name}\n`,
  );
}
