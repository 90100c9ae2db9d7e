// What other processes do (an `ask`, another app's runner, `shipyard run`, a `shipyard compact`),
// read from the feed table every poll and handed to the app, which applies each event with the same
// reducer as its own.
import type { FeedEntry } from '../model/feed.js';
import type { Db } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import type { IntentStore } from '../store/intents.js';

export interface RemoteFeedOptions {
  db: Db;
  intents: IntentStore;
  /** Whether a project path is one of this workspace's panes. */
  shows(projectPath: string): boolean;
  /** One event of another process, in the order they were saved. */
  apply(entry: FeedEntry): void;
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
  /**
   * Intents another process runs, by project path: a process that died saves no `end`. (An `end`
   * that comes after all is not shown twice: the app shows one end per start.)
   */
  private readonly running = new Map<string, number>();

  constructor(private readonly options: RemoteFeedOptions) {
    this.feed = new FeedStore(options.db);
  }

  /** Starts after `afterId` (the last event the restored panes replayed). */
  start(afterId = this.feed.lastId()): void {
    this.after = afterId;
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
      for (const entry of entries) this.take(entry);
      // A full batch may have more behind it: go on from its last row, not past the rest to the top.
      this.after =
        entries.length === FEED_BATCH ? entries.at(-1)!.id : Math.max(top, entries.at(-1)?.id ?? 0);
      this.endDeparted();
    } catch {
      // A busy database: the next look catches up, nothing is lost.
    }
    this.timer = setTimeout(this.poll, this.options.pollMs);
    this.timer.unref?.();
  };

  private take(entry: FeedEntry): void {
    if (!this.options.shows(entry.projectPath)) return;
    if (entry.event.type === 'start') this.running.set(entry.projectPath, entry.intentId);
    if (entry.event.type === 'end') {
      if (this.running.get(entry.projectPath) === entry.intentId) this.running.delete(entry.projectPath);
    }
    this.options.apply(entry);
  }

  /** An intent whose process ended without saying so (killed) ends in the pane as the database says. */
  private endDeparted(): void {
    for (const [projectPath, intentId] of this.running) {
      const intent = this.options.intents.get(intentId);
      if (intent?.state === 'running') continue;
      this.running.delete(projectPath);
      if (intent && intent.state !== 'queued') {
        this.options.apply({
          id: 0,
          projectPath,
          intentId,
          pid: 0,
          at: intent.finishedAt ?? Date.now(),
          event: { type: 'end', state: intent.state, ...(intent.error ? { error: intent.error } : {}) },
        });
      }
    }
  }
}
