// `shipyard log PROJECT [--md [--brief] | --json]`: the project's whole context history, compactions
// included; every tool output whole unless --brief.
import { contextLogJson, contextLogMarkdown } from '../../core/context-log.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';

/** Lines of each tool result `--brief` keeps. */
const BRIEF_LINES = 6;

export function logCommand(
  env: CliEnv,
  name: string,
  options: { json?: boolean; md?: boolean; brief?: boolean },
): void {
  if (options.json && options.md) throw new UserError('choose one of --json and --md');
  if (options.json && options.brief)
    throw new UserError('--brief is for Markdown; --json prints items whole');
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
  process.stdout.write(contextLogMarkdown(input, options.brief ? { resultLines: BRIEF_LINES } : {}));
}
