// The runner turns queued intents into agent work: one intent at a time per project, at most
// `parallel` projects at once, in queue order. Each project's lease is held by one process, which runs
// its agent; the others stay passive for that project and take over when the holder dies (its
// running intents there become `interrupted`). Leases are per project path, so two workspaces that
// share a pinned project run it from one process and never interrupt each other.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { errorMessage } from '../errors.js';
import type { Intent } from '../model/intent.js';
import type { Project } from '../model/project.js';
import { databaseGone } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import { IntentStore, rememberProjects } from '../store/intents.js';
import { ProjectLeases } from './runner-leases.js';
import { IntentRuns, type Running } from './runner-runs.js';
import type { RunnerEvents, RunnerOptions } from './runner-types.js';

export type {
  AbortReason,
  ExecuteContext,
  ExecuteIntent,
  IntentOutcome,
  RunnerChange,
  RunnerEvents,
  RunnerOptions,
} from './runner-types.js';

/** How often the runner schedules even when the queue did not change (ms). */
const FULL_LOOK_MS = 5000;
/** How often the database file is checked to still be the one this runner opened. */
const IDENTITY_MS = 1000;

export class Runner extends EventEmitter<RunnerEvents> {
  readonly intents: IntentStore;
  readonly holderId: string;
  readonly parallel: number;
  private readonly pollMs: number;
  private readonly runs: IntentRuns;
  private readonly running: Map<string, Running>;
  private readonly leases: ProjectLeases;
  private active = false;
  private started = false;
  private accepting = false;
  private timer: NodeJS.Timeout | undefined;
  private lastVersion = -1;
  private dirty = true;
  private lastFullLook = 0;
  private lastIdentityCheck = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly config: RunnerOptions) {
    super();
    this.intents = new IntentStore(config.db);
    this.holderId =
      config.holderId ?? `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
    this.parallel = Math.max(1, config.parallel ?? 4);
    this.pollMs = config.pollMs ?? 250;
    this.leases = new ProjectLeases(config.db, config.workspace, this.holderId, config);
    this.runs = new IntentRuns(this.intents, new FeedStore(config.db), config.execute, {
      change: (change) => this.emit('change', change),
      warning: (message) => this.emit('warning', message),
      settled: () => this.poke(),
    });
    this.running = this.runs.running;
  }

  /**
   * `shipyard ask`: one intent now, outside the queue and without the lease (refused while the
   * project runs one), claimed, run and finished like a queued one (`IntentRuns.runNow`).
   */
  runNow(...args: Parameters<IntentRuns['runNow']>): Promise<Intent> {
    return this.runs.runNow(...args);
  }

  /** True while this runner holds the lease of at least one project and runs its intents. */
  get isActive(): boolean {
    return this.active;
  }

  /** True while this runner holds the project's lease (it, and no other process, runs its agent). */
  holds(projectPath: string): boolean {
    return this.leases.holds(projectPath);
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
    this.runs.abort(entry, 'cancel');
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
    if (options.abort) for (const entry of this.running.values()) this.runs.abort(entry, 'stop');
    // Keep heartbeating while they finish, or another process would take over and mark them interrupted.
    await Promise.all([...this.running.values()].map((entry) => entry.done));
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.leases.count > 0) {
      try {
        this.leases.release();
      } catch (error) {
        this.emit('warning', `Could not release the runner lease: ${errorMessage(error)}`);
      }
      this.setActive(false);
      this.emit('leases', this.elsewhere());
    }
  }

  private loop = (): void => {
    this.tick();
    if (this.started) this.timer = setTimeout(this.loop, this.pollMs);
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
    const now = Date.now();
    const lost = this.leases.heartbeat(now);
    for (const projectPath of lost) {
      // Another process decided we were dead (we were suspended?): its takeover owns our intent there.
      const entry = this.running.get(projectPath);
      if (entry) this.runs.abort(entry, 'lease');
    }
    if (lost.length > 0) this.emit('leases', this.elsewhere());
    const taken = this.accepting ? this.leases.acquire(now) : [];
    if (taken.length > 0) {
      // What still runs there belonged to a holder that died: resumable, not lost.
      for (const id of this.intents.markInterrupted(taken.filter((p) => !this.running.has(p)))) {
        const intent = this.intents.get(id);
        if (intent) this.runs.ended(intent.projectPath, id, 'interrupted');
      }
      this.dirty = true;
      this.emit('leases', this.elsewhere());
    }
    this.setActive(this.leases.count > 0);
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
    return this.leases.elsewhere();
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
      if (fresh?.state !== 'running') this.runs.abort(entry, 'lease');
      else if (fresh.cancelRequested) this.runs.abort(entry, 'cancel');
    }
  }

  private hasRunnable(): boolean {
    return this.config.workspace.projects.some(
      (project) => this.leases.holds(project.path) && this.intents.next(project.path) !== undefined,
    );
  }

  private schedule(): void {
    if (!this.accepting || this.running.size >= this.parallel) return;
    const candidates: { project: Project; intent: Intent }[] = [];
    for (const project of this.config.workspace.projects) {
      if (this.running.has(project.path) || !this.leases.holds(project.path)) continue;
      // `shipyard ask` runs an intent outside the queue: one agent per project at a time.
      const elsewhere = this.intents.runningElsewhere(project.path);
      for (const id of elsewhere.freed) this.runs.ended(project.path, id, 'interrupted');
      if (elsewhere.busy) continue;
      const intent = this.intents.next(project.path);
      if (intent) candidates.push({ project, intent });
    }
    // Oldest waiting intent first, so a busy project cannot starve the others when slots are scarce.
    candidates.sort((a, b) => a.intent.createdAt - b.intent.createdAt || a.intent.id - b.intent.id);
    for (const { project, intent } of candidates) {
      if (this.running.size >= this.parallel) break;
      const claimed = this.intents.claim(intent.id);
      if (claimed) this.runs.run(project, claimed);
    }
  }
}
