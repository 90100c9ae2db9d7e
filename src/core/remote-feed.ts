// What other processes' intents do (an `ask`, another app's runner, `shipyard run`), read from the
// feed table every poll and applied to the panes with the same reducer as this process's own events.
import type { FeedEntry } from '../model/feed.js';
import type { IntentState } from '../model/intent.js';
import type { Db } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import type { IntentStore } from '../store/intents.js';
import { appendLines, applyAgentEvent, countCompaction } from './pane-feed.js';
import type { PaneState } from './pane-state.js';

export interface RemoteFeedOptions {
  db: Db;
  intents: IntentStore;
  /** Whether a project path is one of this workspace's panes. */
  shows(projectPath: string): boolean;
  pane(projectPath: string, change: (pane: PaneState) => PaneState): void;
  /** An intent another process ran has ended. */
  ended(projectPath: string, intentId: number, state: IntentState): void;
  pollMs: number;
}

/** Events read in one poll. */
const FEED_BATCH = 2000;

export class RemoteFeed {
  private readonly feed: FeedStore;
  /** Id of the last feed event looked at. */
  private after = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Intents another process runs, by project path: their end shows in the pane when it comes. */
  private readonly running = new Map<string, number>();

  constructor(private readonly options: RemoteFeedOptions) {
    this.feed = new FeedStore(options.db);
  }

  /** Starts from now: what happened before is in the restored conversation already. */
  start(): void {
    this.after = this.feed.lastId();
    this.poll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private poll = (): void => {
    if (this.stopped) return;
    try {
      const top = this.feed.lastId();
      const entries = this.feed.since(this.after, process.pid, FEED_BATCH);
      for (const entry of entries) this.apply(entry);
      // A full batch may have more behind it: go on from its last row, not past the rest to the top.
      this.after =
        entries.length === FEED_BATCH ? entries.at(-1)!.id : Math.max(top, entries.at(-1)?.id ?? 0);
      for (const [projectPath, intentId] of this.running) {
        const intent = this.options.intents.get(intentId);
        if (intent?.state === 'running') continue;
        this.running.delete(projectPath);
        if (intent) this.options.ended(projectPath, intentId, intent.state);
      }
    } catch {
      // A busy database: the next look catches up, nothing is lost.
    }
    this.timer = setTimeout(this.poll, this.options.pollMs);
    this.timer.unref?.();
  };

  private apply({ projectPath, intentId, event }: FeedEntry): void {
    if (!this.options.shows(projectPath)) return;
    const { pane } = this.options;
    if (event.type === 'start') {
      this.running.set(projectPath, intentId);
      pane(projectPath, (p) => ({
        ...appendLines(p, { kind: 'user', text: event.text }),
        activity: { kind: 'thinking', since: Date.now() },
      }));
    } else if (event.type === 'info') {
      pane(projectPath, (p) => {
        const shown = appendLines(p, { kind: 'info', text: event.line });
        return event.kind === 'compaction' ? countCompaction(shown) : shown;
      });
    } else {
      pane(projectPath, (p) => applyAgentEvent(p, event));
    }
  }
}
