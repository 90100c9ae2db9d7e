// The app's side of the feed: every event a pane shows goes through `apply` (this process's intents,
// other processes' work, lines of the app's own actions) and the one reducer; a pane restored after a
// restart is the replay of the project's saved events through the same reducer.
import { type FeedEvent, NO_INTENT } from '../model/feed.js';
import type { FinishedState, Intent } from '../model/intent.js';
import type { Db } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import { applyFeedEvent } from './pane-feed.js';
import type { PaneState } from './pane-state.js';

export interface SessionFeedOptions {
  db: Db;
  pane(projectPath: string, change: (pane: PaneState) => PaneState): void;
  /** An intent ended in a pane (its own process's runner, another process, or the database said so). */
  ended?(projectPath: string, intentId: number, state: FinishedState): void;
  /** An approval started waiting in a pane (asked here or by another process), shown live. */
  asked?(projectPath: string, intentId: number, summary: string): void;
}

export class SessionFeed {
  private readonly feed: FeedStore;
  /** Intents whose end a pane showed: one end line per start, whoever reports it (and however often). */
  private readonly ended = new Set<number>();

  constructor(private readonly options: SessionFeedOptions) {
    this.feed = new FeedStore(options.db);
  }

  /** Shows one event in its project's pane. */
  apply(projectPath: string, intentId: number, event: FeedEvent, at = Date.now()): void {
    if (event.type === 'start') this.ended.delete(intentId);
    if (event.type === 'end') {
      if (this.ended.has(intentId)) return;
      this.ended.add(intentId);
    }
    this.options.pane(projectPath, (pane) => applyFeedEvent(pane, intentId, event, at));
    if (event.type === 'end') this.options.ended?.(projectPath, intentId, event.state);
    if (event.type === 'approval') this.options.asked?.(projectPath, intentId, event.summary);
  }

  /** A line of the app's own (a requested compaction, a restore, a held commit): saved, then shown. */
  say(projectPath: string, event: FeedEvent): void {
    try {
      this.feed.append(projectPath, NO_INTENT, event);
    } catch {
      // Not saved: gone after a restart, shown now all the same.
    }
    this.apply(projectPath, NO_INTENT, event);
  }

  /** Id of the newest saved event: where the live feed of other processes goes on after a replay. */
  lastId(): number {
    return this.feed.lastId();
  }

  /**
   * The pane as it was shown: the project's saved events replayed from `base` (lines cleared) through
   * the reducer. An intent whose process died without saying so ends as the database says.
   * Undefined when nothing is saved (the pane keeps what it has).
   */
  replay(
    projectPath: string,
    base: PaneState,
    intentOf: (id: number) => Intent | undefined,
  ): PaneState | undefined {
    const entries = this.feed.ofProject(projectPath);
    if (entries.length === 0) return undefined;
    let pane: PaneState = { ...base, lines: [], activity: { kind: 'idle' }, streamMark: undefined };
    let running: number | undefined;
    const closeRunning = () => {
      const intent = running === undefined ? undefined : intentOf(running);
      running = undefined;
      if (!intent || intent.state === 'running' || intent.state === 'queued') return;
      this.ended.add(intent.id);
      pane = applyFeedEvent(pane, intent.id, endOf(intent), intent.finishedAt ?? Date.now());
    };
    for (const entry of entries) {
      if (entry.event.type === 'start') {
        if (running !== undefined && running !== entry.intentId) closeRunning();
        running = entry.intentId;
        this.ended.delete(entry.intentId);
      } else if (entry.event.type === 'end') {
        if (this.ended.has(entry.intentId)) continue;
        this.ended.add(entry.intentId);
        if (entry.intentId === running) running = undefined;
      }
      pane = applyFeedEvent(pane, entry.intentId, entry.event, entry.at);
    }
    closeRunning();
    return pane;
  }
}

function endOf(intent: Intent): FeedEvent {
  return {
    type: 'end',
    state: intent.state as FinishedState,
    ...(intent.error ? { error: intent.error } : {}),
  };
}
