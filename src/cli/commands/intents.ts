// `shipyard intents [--project P] [--state S] [--json]`: the queues and history of the workspace.
// One order, table and JSON alike (README): projects by name; within one, past to future: finished
// intents in the order they finished, then the running one, then the queue in the order it will run.

import { UserError } from '../../errors.js';
import type { Intent, IntentState } from '../../model/intent.js';
import { intentRecord } from '../../model/intent.js';
import { relativeTime } from '../../ui/relative-time.js';
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';
import { formatTable } from '../table.js';

const states: IntentState[] = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted'];

export interface IntentsOptions {
  project?: string;
  /** One state or a comma-separated list. */
  state?: string;
  json?: boolean;
}

export function intentsCommand(env: CliEnv, options: IntentsOptions): void {
  const state = openState(env);
  const wanted = options.state
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of wanted ?? []) {
    if (!states.includes(s as IntentState)) {
      throw new UserError(`unknown state "${s}"; one of ${states.join(', ')}`);
    }
  }
  const filter = {
    ...(options.project ? { project: state.project(options.project).path } : {}),
    ...(wanted ? { states: wanted as IntentState[] } : {}),
  };
  const inWorkspace = new Set(state.workspace.projects.map((project) => project.path));
  const intents = state.intents
    .list(filter)
    .filter((intent) => inWorkspace.has(intent.projectPath))
    .sort(timelineOrder);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(intents.map(intentRecord), null, 2)}\n`);
    return;
  }
  if (intents.length === 0) {
    process.stdout.write('No intents.\n');
    return;
  }
  const now = Date.now();
  const rows = intents.map((intent) => [
    String(intent.id),
    intent.project,
    intent.state,
    relativeTime(intent.createdAt, now),
    intent.text,
  ]);
  process.stdout.write(formatTable(['ID', 'PROJECT', 'STATE', 'AGE', 'TEXT'], rows));
}

const stage = (intent: Intent) => (intent.state === 'queued' ? 2 : intent.state === 'running' ? 1 : 0);

/** Past to future within a project; see the file's head. */
export function timelineOrder(a: Intent, b: Intent): number {
  if (a.project !== b.project) return a.project < b.project ? -1 : 1;
  if (stage(a) !== stage(b)) return stage(a) - stage(b);
  if (stage(a) === 2) return a.position - b.position || a.id - b.id;
  const when = (intent: Intent) => intent.finishedAt ?? intent.startedAt ?? intent.createdAt;
  return when(a) - when(b) || a.id - b.id;
}
