// The actions on queues and contexts, one set for the TUI and the CLI: each checks the same rule for a
// running intent and answers with the same line. A refusal is a UserError with one line; success is
// the line a surface may show (the CLI prints it; the TUI mostly shows the new state instead).
import { resolveMentions } from '../agent/mentions.js';
import { UserError } from '../errors.js';
import { type ReviewComment, reviewIntentText } from '../model/diff.js';
import type { ApprovalAnswer } from '../model/feed.js';
import type { Intent } from '../model/intent.js';
import { findProject, type Project, type Workspace } from '../model/project.js';
import { ApprovalStore, type PendingApproval } from '../store/approvals.js';
import { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import { IntentStore } from '../store/intents.js';
import type { Settings } from '../store/settings.js';
import { addSteering } from '../store/steering.js';
import { compactOnRequest } from './compact-on-request.js';
import type { IntentDiff } from './intent-diff.js';
import type { SharedApprovals } from './shared-approvals.js';

export interface ActionsOptions {
  db: Db;
  workspace: Workspace;
  settings: () => Settings;
  env?: NodeJS.ProcessEnv;
  /** The runner of this process, when there is one: a queue change wakes it, a cancel aborts at once. */
  runner?: { poke(): void; cancel(projectPath: string): boolean };
  /** This process's waiting approvals, answered the short way (default: through the database only). */
  approvals?: Pick<SharedApprovals, 'answer'>;
}

export interface Queued {
  intent: Intent;
  /** Set when the project's queue is paused: the intent waits until resumed. */
  pausedNote?: string;
}

export class CoreActions {
  readonly intents: IntentStore;
  readonly contexts: ContextStore;

  constructor(private readonly options: ActionsOptions) {
    this.intents = new IntentStore(options.db);
    this.contexts = new ContextStore(options.db);
  }

  /** The project by name; an unknown name is a one-line error listing the known ones. */
  project(name: string): Project {
    return findProject(this.options.workspace, name);
  }

  /** Queues `text` in every named project, or in none when one name or an `@mention` is unknown. */
  queue(names: string[], text: string, options: { refs?: string[] } = {}): Queued[] {
    const projects = [...new Set(names)].map((name) => this.project(name));
    const refs = [...new Set((options.refs ?? []).map((name) => this.project(name).name))];
    // An unknown @mention is refused now, not when the intent runs an hour later.
    for (const project of projects) resolveMentions(text, refs, this.options.workspace, project.name);
    const queued = projects.map((project) => {
      const intent = this.intents.enqueue(project.path, text, { refs });
      const paused = this.intents.isPaused(project.path);
      return {
        intent,
        ...(paused
          ? { pausedNote: `${project.name}'s queue is paused (shipyard resume ${project.name})` }
          : {}),
      };
    });
    this.options.runner?.poke();
    return queued;
  }

  /** Hands `text` to the project's running turn, which reads it at its next step. */
  steer(name: string, text: string): string {
    const project = this.project(name);
    const running = this.running(project);
    if (!running) throw new UserError(`Nothing is running in ${project.name}; queue the text instead.`);
    if (!text.trim()) throw new UserError('Steering needs some text.');
    addSteering(this.options.db, project.path, text);
    return `Steered #${running.id} in ${project.name}: the running turn reads it at its next step.`;
  }

  /** Aborts the project's running intent here, or asks whichever process runs it. */
  cancel(name: string): string {
    const project = this.project(name);
    const [orphan] = this.intents.reapOrphans(project.path);
    const running = this.running(project);
    if (!running && orphan !== undefined)
      return `#${orphan} in ${project.name} had lost its process; it is interrupted now (shipyard retry ${orphan}).`;
    if (!running) return `Nothing is running in ${project.name}.`;
    if (this.options.runner?.cancel(project.path)) return `Cancelled #${running.id} in ${project.name}.`;
    const outcome = this.intents.requestCancel(running.id);
    return outcome === 'requested'
      ? `Asked the runner to cancel #${running.id} in ${project.name} (${clipText(running.text)}).`
      : `Cancelled #${running.id} in ${project.name}.`;
  }

  /** The approval that waits in the project (asked by whichever process runs its intent); refuses when none. */
  waitingApproval(name: string): PendingApproval {
    const project = this.project(name);
    const waiting = new ApprovalStore(this.options.db).pending(project.path)[0];
    if (!waiting) throw new UserError(`Nothing waits for approval in ${project.name}.`);
    return waiting;
  }

  /**
   * Answers the approval that waits in the project, whichever process's agent asked; with `request`,
   * only that one (a newer one may have taken its place since the user read it).
   */
  approve(name: string, answer: ApprovalAnswer, request?: number): string {
    const project = this.project(name);
    const approvals = this.options.approvals ?? new ApprovalStore(this.options.db);
    const answered = approvals.answer(project.path, answer, request);
    if (!answered) {
      const waiting = this.waitingApproval(name); // refuses when nothing waits
      throw new UserError(
        `Request ${request} no longer waits in ${project.name}; request ${waiting.id} does (${clipText(waiting.summary)}).`,
      );
    }
    const what = clipText(answered.summary);
    if (answer === 'no') return `Refused in #${answered.intentId} (${project.name}): ${what}`;
    const rest = answer === 'always' ? ', and the rest of this intent' : '';
    return `Approved in #${answered.intentId} (${project.name})${rest}: ${what}`;
  }

  /** Re-queues a failed, interrupted or cancelled intent at the front of its queue. */
  retry(id: number): string {
    const intent = this.intents.retry(id);
    this.options.runner?.poke();
    return `Re-queued #${intent.id} at the front of ${intent.project}'s queue (${clipText(intent.text)}).`;
  }

  edit(id: number, text: string): string {
    const intent = this.intents.edit(id, text);
    return `Edited #${intent.id} (${clipText(intent.text)}).`;
  }

  move(id: number, direction: 'up' | 'down'): string {
    const moved = this.intents.move(id, direction);
    return moved
      ? `Moved #${id} ${direction}.`
      : `#${id} is already at the ${direction === 'up' ? 'front' : 'end'}.`;
  }

  remove(id: number): string {
    this.intents.remove(id);
    return `Removed #${id}.`;
  }

  pause(name: string): string {
    const project = this.project(name);
    this.intents.pause(project.path);
    return `Paused ${project.name}'s queue (${plural(this.intents.queuedCount(project.path))} waiting).`;
  }

  resume(name: string): string {
    const project = this.project(name);
    this.intents.resume(project.path);
    this.options.runner?.poke();
    return `Resumed ${project.name}'s queue (${plural(this.intents.queuedCount(project.path))} waiting).`;
  }

  togglePause(name: string): string {
    return this.intents.isPaused(this.project(name).path) ? this.resume(name) : this.pause(name);
  }

  /** Summarises the older part of the context now. Refused while an intent runs there. */
  async compact(name: string): Promise<{ line: string; compacted: boolean }> {
    const project = this.project(name);
    this.refuseWhileRunning(project);
    return compactOnRequest({
      contexts: this.contexts,
      project,
      settings: this.options.settings(),
      env: this.options.env ?? process.env,
    });
  }

  /** Ends the context: the next intent starts fresh. Refused while an intent runs there. */
  reset(name: string): { line: string; reset: boolean } {
    const project = this.project(name);
    this.refuseWhileRunning(project);
    const live = this.contexts.items(project.path).length;
    if (!this.contexts.reset(project.path, 'reset by the user'))
      return { line: `${project.name} has no context yet; nothing to reset.`, reset: false };
    return {
      line:
        `Ended ${project.name}'s context (${live} live items); the next intent starts a fresh one. ` +
        `The old one stays in: shipyard log ${project.name}`,
      reset: true,
    };
  }

  /** What intent `id` committed or staged: its files and lines (or the line saying it changed nothing). */
  async diff(
    id: number,
    options: { patch?: boolean; stat?: boolean; firstFiles?: number } = {},
  ): Promise<IntentDiff> {
    const { readIntentDiff } = await import('./intent-diff.js');
    return readIntentDiff(this.options.db, this.intents, id, options);
  }

  /**
   * Sends review comments on intent `id` back to its project's agent: a new intent quoting each
   * comment's file, lines and text, at the front of the queue (or the end).
   */
  review(id: number, comments: ReviewComment[], at: 'front' | 'end' = 'front'): Queued {
    const reviewed = this.intents.get(id);
    if (!reviewed) throw new UserError(`There is no intent #${id}.`);
    if (reviewed.state === 'queued' || reviewed.state === 'running')
      throw new UserError(`#${id} is ${reviewed.state}: review it once it has finished`);
    if (comments.length === 0 || comments.every((comment) => !comment.text.trim()))
      throw new UserError('A review needs a comment.');
    const intent = this.intents.enqueue(reviewed.projectPath, reviewIntentText(id, comments), { at });
    this.options.runner?.poke();
    return {
      intent,
      ...(this.intents.isPaused(reviewed.projectPath)
        ? { pausedNote: `${reviewed.project}'s queue is paused (shipyard resume ${reviewed.project})` }
        : {}),
    };
  }

  /** What `undo(id)` would do (`revert abc1234 (3 files)`), for the one question asked before it. */
  async undoPlan(id: number): Promise<string> {
    const { undoPlan } = await import('./undo-intent.js');
    return undoPlan(this.stores(), id);
  }

  /** Reverts intent `id`'s commit (or unstages what it staged) and tells the project's context. */
  async undo(id: number, reason?: string): Promise<string> {
    const { undoIntent } = await import('./undo-intent.js');
    return undoIntent(this.stores(), id, reason);
  }

  private stores() {
    return { db: this.options.db, intents: this.intents, contexts: this.contexts };
  }

  private running(project: Project): Intent | undefined {
    // An intent whose process died (a `shipyard ask` killed with -9) is not running: it is interrupted now.
    this.intents.reapOrphans(project.path);
    return this.intents.list({ project: project.path, states: ['running'] })[0];
  }

  /** The one rule for context actions: never under a running intent (it writes that context). */
  private refuseWhileRunning(project: Project): void {
    const running = this.running(project);
    if (running)
      throw new UserError(
        `#${running.id} is running in ${project.name}; cancel it first (shipyard cancel ${project.name})`,
      );
  }
}

/** First line of an intent's text, clipped for one-line messages. */
export function clipText(text: string, max = 60): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function plural(n: number): string {
  return `${n} ${n === 1 ? 'intent' : 'intents'}`;
}
