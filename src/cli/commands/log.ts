// `shipyard log PROJECT [--md | --json]`: the project's whole context history, compactions included.
import { contextLogJson, contextLogMarkdown } from '../../core/context-log.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';

export function logCommand(env: CliEnv, name: string, options: { json?: boolean; md?: boolean }): void {
  if (options.json && options.md) throw new UserError('choose one of --json and --md');
  const state = openState(env);
  const project = state.project(name);
  const input = {
    project: project.name,
    projectPath: project.path,
    history: state.contexts.history(project.path),
    intents: new Map(state.intents.list({ project: project.path }).map((intent) => [intent.id, intent])),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(contextLogJson(input), null, 2)}\n`);
    return;
  }
  process.stdout.write(contextLogMarkdown(input));
}
