// `shipyard cancel PROJECT`: asks whichever process runs the project's intent to abort it.
import type { CliEnv } from '../env.js';
import { clipText, openState } from '../state.js';

export function cancelCommand(env: CliEnv, name: string): void {
  const state = openState(env);
  const project = state.project(name);
  const running = state.intents.list({ project: project.path, states: ['running'] })[0];
  if (!running) {
    process.stdout.write(`Nothing is running in ${project.name}.\n`);
    return;
  }
  const outcome = state.intents.requestCancel(running.id);
  process.stdout.write(
    outcome === 'requested'
      ? `Asked the runner to cancel #${running.id} in ${project.name} (${clipText(running.text)}).\n`
      : `Cancelled #${running.id} in ${project.name}.\n`,
  );
}
