// `shipyard queue PROJECT TEXT…` (or `-` for stdin): adds an intent to a project's queue (from another
// shell, a script, an editor) and prints its id; the runner of the workspace picks it up through the
// state database.
import { UsageError, UserError } from '../../errors.js';
import { linesOf, type MarkedLines } from '../../model/diff.js';
import type { CliEnv } from '../env.js';
import { intentText } from '../intent-text.js';
import { openActions, parseIntentId } from '../state.js';

export interface QueueOptions {
  /** Comma-separated project names: the same intent in each (then every positional is text). */
  projects?: string;
  /** Comma-separated reference projects (`@name`) stored in the intent's refs. */
  from?: string;
  /** A review comment on the intent named by the first argument: queued as a new intent quoting it. */
  review?: string;
  /** `path:10-12` (or `path:10`): the lines of that intent's diff the comment is about. */
  lines?: string;
  /** Where the review goes in the queue: `front` (the default) or `end`. */
  at?: string;
}

export async function queueCommand(
  env: CliEnv,
  first: string | undefined,
  rest: string[],
  options: QueueOptions,
): Promise<void> {
  if (options.review !== undefined || options.lines !== undefined) {
    await queueReview(env, first, rest, options);
    return;
  }
  const fanOut = options.projects !== undefined;
  const names = fanOut ? splitList(options.projects!) : first ? [first] : [];
  if (names.length === 0) throw new UsageError('name a project: shipyard queue PROJECT TEXT…');
  const words = fanOut ? [first ?? '', ...rest].filter(Boolean) : rest;
  const text = await intentText(words, 'shipyard queue PROJECT TEXT…');
  for (const { intent, pausedNote } of openActions(env).queue(names, text, {
    refs: splitList(options.from ?? ''),
  })) {
    process.stdout.write(fanOut ? `${intent.project} ${intent.id}\n` : `${intent.id}\n`);
    if (pausedNote) process.stderr.write(`note: ${pausedNote}\n`);
  }
}

/** `shipyard queue ID --review "…" [--lines path:10-12] [--at end]`. */
async function queueReview(env: CliEnv, first: string | undefined, rest: string[], options: QueueOptions) {
  if (first === undefined) throw new UserError('name the intent: shipyard queue ID --review "…"');
  if (rest.length > 0) throw new UserError('the review text goes in --review "…"');
  if (!options.review?.trim()) throw new UserError('--review needs the comment: --review "…"');
  const at = options.at ?? 'front';
  if (at !== 'front' && at !== 'end') throw new UserError(`--at is front or end, not "${at}"`);
  const id = parseIntentId(first);
  const actions = openActions(env);
  let lines: MarkedLines | undefined;
  if (options.lines !== undefined) {
    const match = /^(.+):(\d+)(?:-(\d+))?$/.exec(options.lines);
    if (!match) throw new UserError(`--lines is path:FROM-TO (like src/a.ts:10-12), not "${options.lines}"`);
    const [from, to] = [Number(match[2]), Number(match[3] ?? match[2])];
    const diff = await actions.diff(id);
    lines = linesOf(diff.files, match[1]!, Math.min(from, to), Math.max(from, to));
    if (!lines) throw new UserError(`#${id}'s diff has no lines ${options.lines}`);
  }
  const { intent, pausedNote } = actions.review(
    id,
    [{ text: options.review, ...(lines ? { lines } : {}) }],
    at,
  );
  process.stdout.write(`${intent.id}\n`);
  if (pausedNote) process.stderr.write(`note: ${pausedNote}\n`);
}

function splitList(list: string): string[] {
  return list
    .split(',')
    .map((name) => name.trim().replace(/^@/, ''))
    .filter(Boolean);
}
