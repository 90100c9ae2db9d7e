// `shipyard context compact|reset PROJECT`: shrink the project's living context into a summary now,
// or end it so the next intent starts fresh (the old one stays readable in `shipyard log`).
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';

export async function contextCompactCommand(env: CliEnv, name: string): Promise<void> {
  const state = openState(env);
  const project = state.project(name);
  // The model client is heavy: load it only for the one command that talks to a model.
  const [{ resolveModelConfig }, { createClient }, { compactionNote, forceCompact }] = await Promise.all([
    import('../../agent/provider.js'),
    import('../../agent/client.js'),
    import('../../agent/compact.js'),
  ]);
  const resolved = resolveModelConfig(env.settings, project.name, process.env);
  if (!resolved.ok) throw new UserError(`cannot compact ${project.name}: ${resolved.message}`);
  const result = await forceCompact({
    contexts: state.contexts,
    projectPath: project.path,
    config: resolved.config,
    client: createClient(resolved.config),
  });
  if (!result) {
    process.stdout.write(
      `Nothing to compact in ${project.name}: the context holds at most the last intent.\n`,
    );
    return;
  }
  process.stdout.write(`${project.name}: ${compactionNote(result)}\n`);
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
