// What each project is doing, in one word a script or a tmux status line can read: working, needs
// approval, failed, interrupted, done, queued, paused, idle. Computed from the intents (and the
// approvals the app waits on), so every process agrees.
import { padEndCells } from '../cell-pad.js';
import type { Intent } from '../model/intent.js';
import type { Project } from '../model/project.js';

export type ProjectState =
  | 'approval'
  | 'working'
  | 'failed'
  | 'interrupted'
  | 'done'
  | 'queued'
  | 'paused'
  | 'idle';

export interface ProjectStatus {
  project: string;
  path: string;
  state: ProjectState;
  /** The intent the state is about (the running one, or the last finished one). */
  intent: number | null;
  /** Queued intents waiting. */
  queue: number;
  paused: boolean;
}

/** Words as `shipyard status` prints them (kept apart from each other everywhere). */
export const STATE_WORDS: Record<ProjectState, string> = {
  approval: 'needs approval',
  working: 'working',
  failed: 'failed',
  interrupted: 'interrupted',
  done: 'done',
  queued: 'queued',
  paused: 'paused',
  idle: 'idle',
};

export function projectStatus(
  project: Project,
  intents: readonly Intent[],
  paused: boolean,
  waitingApproval = false,
): ProjectStatus {
  const own = intents.filter((intent) => intent.projectPath === project.path);
  const queue = own.filter((intent) => intent.state === 'queued').length;
  const running = own.find((intent) => intent.state === 'running');
  const base = { project: project.name, path: project.path, queue, paused };
  if (running) return { ...base, state: waitingApproval ? 'approval' : 'working', intent: running.id };
  let last: Intent | undefined;
  for (const intent of own) {
    if (intent.state === 'queued' || intent.state === 'running' || intent.state === 'cancelled') continue;
    if (
      !last ||
      (intent.finishedAt ?? 0) > (last.finishedAt ?? 0) ||
      ((intent.finishedAt ?? 0) === (last.finishedAt ?? 0) && intent.id > last.id)
    )
      last = intent;
  }
  const lastState = last?.state;
  if (lastState === 'failed' || lastState === 'interrupted')
    return { ...base, state: lastState, intent: last!.id };
  if (queue > 0) return { ...base, state: paused ? 'paused' : 'queued', intent: null };
  if (lastState === 'done') return { ...base, state: 'done', intent: last!.id };
  return { ...base, state: paused ? 'paused' : 'idle', intent: null };
}

/** `api  failed #12  queue 2` (names padded to `width`). */
export function statusLine(status: ProjectStatus, width: number): string {
  const state = `${STATE_WORDS[status.state]}${status.intent !== null ? ` #${status.intent}` : ''}`;
  const queue = `queue ${status.queue}${status.paused ? ' paused' : ''}`;
  return `${padEndCells(status.project, width)}  ${state.padEnd(20)}  ${queue}`;
}
