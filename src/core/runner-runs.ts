// The executions of one runner: each intent it runs (queued or asked), from the claim to the saved
// end; an abort's reason decides the end (a cancel, a stop, a lost lease).
import { errorMessage } from '../errors.js';
import type { FinishedState, Intent } from '../model/intent.js';
import type { Project } from '../model/project.js';
import type { FeedStore } from '../store/feed.js';
import type { IntentStore } from '../store/intents.js';
import {
  type AbortReason,
  abortMessage,
  type ExecuteContext,
  type ExecuteIntent,
  finalState,
  type IntentOutcome,
  type RunnerChange,
} from './runner-types.js';

export interface Running {
  intent: Intent;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

export interface RunHooks {
  change(change: RunnerChange): void;
  warning(message: string): void;
  /** An execution ended: the runner looks at the queue again. */
  settled(): void;
}

export class IntentRuns {
  /** What runs now, by project path (one intent per project). */
  readonly running = new Map<string, Running>();

  constructor(
    private readonly intents: IntentStore,
    private readonly feed: FeedStore,
    private readonly execute: ExecuteIntent,
    private readonly hooks: RunHooks,
  ) {}

  run(project: Project, intent: Intent): Running {
    const controller = new AbortController();
    const entry: Running = { intent, controller, done: Promise.resolve() };
    this.running.set(project.path, entry);
    this.hooks.change({ projectPath: project.path, intentId: intent.id, state: 'running' });
    const intents = this.intents;
    const context: ExecuteContext = {
      project,
      get waiting() {
        return intents.queuedCount(project.path);
      },
    };
    entry.done = (async () => {
      let outcome: IntentOutcome;
      try {
        outcome = await this.execute(intent, controller.signal, context);
      } catch (error) {
        outcome = { state: 'failed', error: errorMessage(error) };
      }
      const state = finalState(outcome.state, entry.reason);
      try {
        // After a lost lease the intent belongs to the new holder (which marked it interrupted).
        const finished =
          entry.reason !== 'lease' &&
          this.intents.finish(intent.id, state, { error: outcome.error, summary: outcome.summary });
        if (finished) this.ended(project.path, intent.id, state, outcome.error);
      } catch (error) {
        this.hooks.warning(
          `Intent #${intent.id} ended ${state} but could not be saved: ${errorMessage(error)}`,
        );
      } finally {
        this.running.delete(project.path);
        this.hooks.settled();
      }
    })();
    return entry;
  }

  /**
   * `shipyard ask`: one intent now, outside the queue and without the lease (refused while the
   * project runs one), claimed, run and finished like a queued one. `stop` ends it: `cancel` as
   * `cancelled`; `stop` marks it `interrupted` at once (a process about to die leaves nothing running).
   */
  async runNow(
    project: Project,
    text: string,
    stop?: (end: (reason: 'cancel' | 'stop', error?: string) => void) => void,
  ): Promise<Intent> {
    const intent = this.intents.startNow(project.path, text);
    const entry = this.run(project, intent);
    stop?.((reason, error) => {
      if (reason === 'stop' && this.intents.finish(intent.id, 'interrupted', error ? { error } : {}))
        this.ended(project.path, intent.id, 'interrupted', error);
      this.abort(entry, reason);
    });
    // `shipyard cancel PROJECT` from another shell asks through the database.
    const poll = setInterval(() => {
      if (this.intents.get(intent.id)?.cancelRequested) this.abort(entry, 'cancel');
    }, 300);
    await entry.done.finally(() => clearInterval(poll));
    return this.intents.get(intent.id) ?? intent;
  }

  /** An intent ended: saved in the feed (every pane shows its end), then announced. */
  ended(projectPath: string, intentId: number, state: FinishedState, error?: string): void {
    try {
      this.feed.append(projectPath, intentId, { type: 'end', state, ...(error ? { error } : {}) });
    } catch {
      // A busy database costs other processes the end line; the intent's state is saved already.
    }
    this.hooks.change({ projectPath, intentId, state });
  }

  abort(entry: Running, reason: AbortReason): void {
    if (entry.reason) return;
    entry.reason = reason;
    entry.controller.abort(new Error(abortMessage(reason)));
  }
}
