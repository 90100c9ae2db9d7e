// `shipyard queue PROJECT TEXT…`: adds an intent to a project's queue (from another shell, a script,
// an editor) and prints its id; the runner of the workspace picks it up through the state database.
import { resolveMentions } from '../../agent/mentions.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';

export interface QueueOptions {
  /** Comma-separated project names: the same intent in each (then every positional is text). */
  projects?: string;
  /** Comma-separated reference projects (`@name`) stored in the intent's refs. */
  from?: string;
}

export function queueCommand(env: CliEnv, first: string | undefined, rest: string[], options: QueueOptions) {
  const state = openState(env);
  const fanOut = options.projects !== undefined;
  const names = fanOut ? splitList(options.projects!) : first ? [first] : [];
  const text = (fanOut ? [first ?? '', ...rest] : rest).join(' ').trim();
  if (names.length === 0) throw new UserError('name a project: shipyard queue PROJECT TEXT…');
  if (!text) throw new UserError('an intent needs some text: shipyard queue PROJECT TEXT…');
  // Check every name before queueing anything, so a typo does not leave half the fan-out queued.
  const projects = [...new Set(names)].map((name) => state.project(name));
  const refs = [...new Set(splitList(options.from ?? '').map((name) => state.project(name).name))];
  // An unknown @mention is refused now, not when the intent runs an hour later.
  for (const project of projects) resolveMentions(text, refs, env.workspace, project.name);
  for (const project of projects) {
    const intent = state.intents.enqueue(project.path, text, { refs });
    process.stdout.write(fanOut ? `${project.name} ${intent.id}\n` : `${intent.id}\n`);
    if (state.intents.isPaused(project.path)) {
      process.stderr.write(`note: ${project.name}'s queue is paused (shipyard resume ${project.name})\n`);
    }
  }
}

function splitList(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim().replace(/^@/, ''))
    .filter(Boolean);
}
