// `shipyard queue PROJECT TEXT…`: adds an intent to a project's queue (from another shell, a script,
// an editor) and prints its id; the runner of the workspace picks it up through the state database.
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openActions } from '../state.js';

export interface QueueOptions {
  /** Comma-separated project names: the same intent in each (then every positional is text). */
  projects?: string;
  /** Comma-separated reference projects (`@name`) stored in the intent's refs. */
  from?: string;
}

export function queueCommand(env: CliEnv, first: string | undefined, rest: string[], options: QueueOptions) {
  const fanOut = options.projects !== undefined;
  const names = fanOut ? splitList(options.projects!) : first ? [first] : [];
  const text = (fanOut ? [first ?? '', ...rest] : rest).join(' ').trim();
  if (names.length === 0) throw new UserError('name a project: shipyard queue PROJECT TEXT…');
  if (!text) throw new UserError('an intent needs some text: shipyard queue PROJECT TEXT…');
  for (const { intent, pausedNote } of openActions(env).queue(names, text, {
    refs: splitList(options.from ?? ''),
  })) {
    process.stdout.write(fanOut ? `${intent.project} ${intent.id}\n` : `${intent.id}\n`);
    if (pausedNote) process.stderr.write(`note: ${pausedNote}\n`);
  }
}

function splitList(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim().replace(/^@/, ''))
    .filter(Boolean);
}
