// The runner turns queued intents into agent work: one intent at a time per project, at most
// `parallel` projects at once, in queue order. Each project's lease is held by one process, which runs
// its agent; the others stay passive for that project and take over when the holder dies (its
// running intents there become `interrupted`). Leases are per project path, so two workspaces that
// share a pinned project run it from one process and never interrupt each other.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { errorMessage } from '../errors.js';
import type { FinishedState, Intent } from '../model/intent.js';
import type { Project, Workspace } from '../model/project.js';
import { type Db, databaseGone } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import { IntentStore, rememberProjects } from '../store/intents.js';
import { acquireLeases, DEFAULT_STALE_MS, heartbeatAll, releaseLeases } from '../store/lease.js';
import { type AbortReason, finalState, type IntentOutcome, type RunnerEvents } from './runner-outcome.js';

export type { AbortReason, IntentOutcome, RunnerChange, RunnerEvents } from './runner-outcome.js';

/** How often the runner schedules even when the queue did not change (ms). */
const FULL_LOOK_MS = 5000;
/** How often the database file is checked to still be the one this runner opened. */
const IDENTITY_MS = 1000;

export interface ExecuteContext {
  project: Project;
  /** Queued intents behind this one, read live (a getter): the agent can be told to be brief. */
  readonly waiting: number;
}

export type ExecuteIntent = (
  intent: Intent,
  signal: AbortSignal,
  context: ExecuteContext,
) => Promise<IntentOutcome>;

export interface RunnerOptions {
  db: Db;
  workspace: Workspace;
  execute: ExecuteIntent;
  /** Unique per process; default `host:pid:random`. */
  holderId?: string;
  /** Projects running at once. Default 4. */
  parallel?: number;
  /** How often the queue version is polled (ms). Default 250. */
  pollMs?: number;
  heartbeatMs?: number;
  staleMs?: number;
  /** How often a passive runner tries to take the lease (ms). Default 1000. */
  leaseRetryMs?: number;
}

interface Running {
  intent: Intent;
  controller: AbortController;
  reason?: AbortReason;
  done: Promise<void>;
}

export class Runner extends EventEmitter<RunnerEvents> {
  readonly intents: IntentStore;
  private readonly feed: FeedStore;
  readonly holderId: string;
  readonly parallel: number;
  private readonly options: Required<
    Pick<RunnerOptions, 'pollMs' | 'heartbeatMs' | 'staleMs' | 'leaseRetryMs'>
  >;
  private readonly running = new Map<string, Running>();
  /** Paths of the projects whose lease this runner holds. */
  private readonly held = new Set<string>();
  private active = false;
  private started = false;
  private accepting = false;
  private timer: NodeJS.Timeout | undefined;
  private lastVersion = -1;
  private dirty = true;
  private lastFullLook = 0;
  private lastHeartbeat = 0;
  private lastLeaseTry = Number.NEGATIVE_INFINITY;
  private lastIdentityCheck = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly config: RunnerOptions) {
    super();
    this.intents = new IntentStore(config.db);
    this.feed = new FeedStore(config.db);
    this.holderId =
      config.holderId ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
    this.parallel = Math.max(1, config.parallel ?? 4);
    const staleMs = config.staleMs ?? DEFAULT_STALE_MS;
    this.options = {
      pollMs: config.pollMs ?? 250,
      staleMs,
      heartbeatMs: config.heartbeatMs ?? Math.max(50, Math.floor(staleMs / 5)),
      leaseRetryMs: config.leaseRetryMs ?? 1000,
    };
  }

  /** True while this runner holds the lease of at least one project and runs its intents. */
  get isActive(): boolean {
    return this.active;
  }

  /** True while this runner holds the project's lease (it, and no other process, runs its agent). */
  holds(projectPath: string): boolean {
    return this.held.has(projectPath);
  }

  /** The intents this runner is executing now. */
  runningIntents(): Intent[] {
    return [...this.running.values()].map((entry) => entry.intent);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.accepting = true;
    rememberProjects(this.config.db, this.config.workspace);
    this.loop();
  }

  /** Look at the queue now instead of at the next poll (after an enqueue in this process). */
  poke(): void {
    this.dirty = true;
    if (this.started) queueMicrotask(() => this.tick());
  }

  /** Aborts the project's running intent, which ends `cancelled`. False when nothing runs there. */
  cancel(projectPath: string): boolean {
    const entry = this.running.get(projectPath);
    if (!entry) return false;
    this.abort(entry, 'cancel');
    return true;
  }

  /** Resolves once nothing runs and nothing runnable is queued (paused queues do not count). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.poke();
    });
  }

  /**
   * Stops taking new intents, waits for the running ones (aborting them first with `abort: true`;
   * they end `interrupted`, resumable), then releases the lease.
   */
  async stop(options: { abort?: boolean } = {}): Promise<void> {
    if (!this.started) return;
    this.accepting = false;
    if (options.abort) for (const entry of this.running.values()) this.abort(entry, 'stop');
    // Keep heartbeating while they finish, or another process would take over and mark them interrupted.
    await Promise.all([...this.running.values()].map((entry) => entry.done));
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held.size > 0) {
      this.held.clear();
      this.setActive(false);
      this.emit('leases', this.elsewhere());
      try {
        releaseLeases(this.config.db, this.holderId);
      } catch (error) {
        this.emit('warning', `Could not release the runner lease: ${errorMessage(error)}`);
      }
    }
  }

  private loop = (): void => {
    this.tick();
    if (this.started) this.timer = setTimeout(this.loop, this.options.pollMs);
  };

  private tick(): void {
    if (!this.started) return;
    if (this.databaseWasReplaced()) return;
    try {
      this.keepLease();
      const version = this.intents.version();
      if (version !== this.lastVersion) {
        this.lastVersion = version;
        this.dirty = true;
        this.emit('queue', version);
      }
      // A `shipyard ask` that died changes nothing in the queue: look again now and then.
      if (Date.now() - this.lastFullLook > FULL_LOOK_MS) this.dirty = true;
      if (!this.active || !this.dirty) return;
      this.lastFullLook = Date.now();
      this.dirty = false;
      this.checkCancelRequests();
      this.schedule();
      if (this.idleWaiters.length && this.running.size === 0 && !this.hasRunnable()) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    } catch (error) {
      // SQLITE_BUSY past the timeout, a locked disk: try again at the next tick.
      this.dirty = true;
      this.emit('warning', errorMessage(error));
    }
  }

  private keepLease(): void {
    const { db, workspace } = this.config;
    const now = Date.now();
    if (this.held.size > 0 && now - this.lastHeartbeat >= this.options.heartbeatMs) {
      this.lastHeartbeat = now;
      const still = new Set(heartbeatAll(db, this.holderId));
      for (const projectPath of [...this.held]) {
        if (still.has(projectPath)) continue;
        // Another process decided we were dead (we were suspended?): its takeover owns our intent there.
        this.held.delete(projectPath);
        const entry = this.running.get(projectPath);
        if (entry) this.abort(entry, 'lease');
        this.emit('leases', this.elsewhere());
      }
    }
    const wanted = workspace.projects.map((project) => project.path).filter((p) => !this.held.has(p));
    if (this.accepting && wanted.length > 0 && now - this.lastLeaseTry >= this.options.leaseRetryMs) {
      this.lastLeaseTry = now;
      const taken = acquireLeases(db, wanted, this.holderId, { staleMs: this.options.staleMs });
      if (taken.length > 0) {
        if (this.held.size === 0) this.lastHeartbeat = now;
        for (const projectPath of taken) this.held.add(projectPath);
        // What still runs there belonged to a holder that died: resumable, not lost.
        for (const id of this.intents.markInterrupted(taken.filter((p) => !this.running.has(p)))) {
          const intent = this.intents.get(id);
          if (intent) this.ended(intent.projectPath, id, 'interrupted');
        }
        this.dirty = true;
        this.emit('leases', this.elsewhere());
      }
    }
    this.setActive(this.held.size > 0);
  }

  /**
   * A deleted or replaced state.db would split the queue silently (new intents in a file nobody
   * runs): stop instead, once, and say why.
   */
  private databaseWasReplaced(): boolean {
    const now = Date.now();
    if (now - this.lastIdentityCheck < IDENTITY_MS) return false;
    this.lastIdentityCheck = now;
    const gone = databaseGone(this.config.db);
    if (!gone || !this.accepting) return false;
    this.emit('fatal', gone);
    void this.stop({ abort: true });
    return true;
  }

  /** Paths of the workspace's projects whose agents another process runs now. */
  elsewhere(): string[] {
    return this.config.workspace.projects.map((project) => project.path).filter((p) => !this.held.has(p));
  }

  private setActive(active: boolean): void {
    if (this.active === active) return;
    this.active = active;
    this.emit('active', active);
  }

  /** Aborts running intents that another process asked to cancel, or that are no longer ours. */
  private checkCancelRequests(): void {
    for (const entry of this.running.values()) {
      if (entry.reason) continue;
      const fresh = this.intents.get(entry.intent.id);
      if (fresh?.state !== 'running') this.abort(entry, 'lease');
      else if (fresh.cancelRequested) this.abort(entry, 'cancel');
    }
  }

  private hasRunnable(): boolean {
    return this.config.workspace.projects.some(
      (project) => this.held.has(project.path) && this.intents.next(project.path) !== undefined,
    );
  }

  private schedule(): void {
    if (!this.accepting || this.running.size >= this.parallel) return;
    const candidates: { project: Project; intent: Intent }[] = [];
    for (const project of this.config.workspace.projects) {
      if (this.running.has(project.path) || !this.held.has(project.path)) continue;
      // `shipyard ask` runs an intent outside the queue: one agent per project at a time.
      const elsewhere = this.intents.runningElsewhere(project.path);
      for (const id of elsewhere.freed) this.ended(project.path, id, 'interrupted');
      if (elsewhere.busy) continue;
      const intent = this.intents.next(project.path);
      if (intent) candidates.push({ project, intent });
    }
    // Oldest waiting intent first, so a busy project cannot starve the others when slots are scarce.
    candidates.sort((a, b) => a.intent.createdAt - b.intent.createdAt || a.intent.id - b.intent.id);
    for (const { project, intent } of candidates) {
      if (this.running.size >= this.parallel) break;
      const claimed = this.intents.claim(intent.id);
      if (claimed) this.run(project, claimed);
    }
  }

  private run(project: Project, intent: Intent): void {
    const controller = new AbortController();
    const entry: Running = { intent, controller, done: Promise.resolve() };
    this.running.set(project.path, entry);
    this.emit('change', { projectPath: project.path, intentId: intent.id, state: 'running' });
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
        outcome = await this.config.execute(intent, controller.signal, context);
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
        this.emit(
          'warning',
          `Intent #${intent.id} ended ${state} but could not be saved: ${errorMessage(error)}`,
        );
      } finally {
        this.running.delete(project.path);
        this.poke();
      }
    })();
  }

  /** An intent ended: saved in the feed (every pane shows its end), then announced. */
  private ended(projectPath: string, intentId: number, state: FinishedState, error?: string): void {
    try {
      this.feed.append(projectPath, intentId, { type: 'end', state, ...(error ? { error } : {}) });
    } catch {
      // A busy database costs other processes the end line; the intent's state is saved already.
    }
    this.emit('change', { projectPath, intentId, state });
  }

  private abort(entry: Running, reason: AbortReason): void {
    if (entry.reason) return;
    entry.reason = reason;
    entry.controller.abort(new Error(abortMessage(reason)));
  }
}

function abortMessage(reason: AbortReason): string {
  if (reason === 'cancel') return 'Cancelled by the user';
  if (reason === 'stop') return 'Shipyard is stopping';
  return 'Another Shipyard process took over this project';
}
