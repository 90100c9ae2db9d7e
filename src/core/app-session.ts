import { referencesFor } from '../agent/reference-block.js';
import type { FinishedState, Intent } from '../model/intent.js';
import type { Project, Workspace } from '../model/project.js';
import { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import { IntentStore } from '../store/intents.js';
import { rememberProjects } from '../store/projects.js';
import type { Settings } from '../store/settings.js';
import { CoreActions } from './actions.js';
import type { AppActions } from './app-state.js';
import { recoverFromCrash } from './crash-recovery.js';
import { elsewhereTitle } from './elsewhere.js';
import { watchHeldCommits } from './held-commits.js';
import type { ExecutorOptions } from './intent-executor.js';
import { alertUser, type PaneAlert } from './notify.js';
import type { PaneState } from './pane-state.js';
import { RemoteFeed } from './remote-feed.js';
import type { Runner } from './runner.js';
import { appActions } from './session-actions.js';
import { SessionFeed } from './session-feed.js';
import {
  checkModels,
  openPane,
  type PaneOpening,
  refreshQueueViews,
  refreshSandboxLines,
} from './session-panes.js';
import { SharedApprovals } from './shared-approvals.js';
import { startRunner } from './start-runner.js';
import { WorkspaceController } from './workspace-controller.js';

export interface AppSessionOptions {
  workspace: Workspace;
  db: Db;
  settings: () => Settings;
  env?: NodeJS.ProcessEnv;
  /** Where the bell or OSC 9 notification goes when a pane that is not focused needs a look. */
  terminal?: { write(chunk: string): unknown };
  /** Told each alert too (`serve` passes them to the grid, which rings its own terminal). */
  onAlert?(alert: PaneAlert): void;
  /** Extra executor options (references). */
  executor?: Pick<ExecutorOptions, 'references'>;
  /** How often to look for queue changes made by other processes (ms). */
  pollMs?: number;
  /** A controller whose store is already on screen (the TUI draws its first frame before loading the agent). */
  controller?: WorkspaceController;
}

export class AppSession {
  readonly controller: WorkspaceController;
  readonly runner: Runner;
  readonly intents: IntentStore;
  readonly contexts: ContextStore;
  readonly actions: AppActions;
  /** The actions the CLI has too; `actions` adds what only the app has (approvals, pane lines). */
  readonly core: CoreActions;
  private focused?: string;
  private refreshTimer?: NodeJS.Timeout;
  /** Set by `close()`: nothing reads the database after it (the CLI closes it next). */
  private closing = false;
  /** Manual compactions in flight; `close()` waits for them before the database goes. */
  private readonly compactions = new Set<Promise<void>>();
  /** What other processes' intents do, shown live. */
  private readonly remoteFeed: RemoteFeed;
  /** Every event a pane shows, through the one reducer; panes restored by replaying the saved ones. */
  private readonly feed: SessionFeed;
  private stopHeldCommits?: () => void;
  /** Approvals wait in the database: this process's agents' and any other process's, answered from here. */
  private readonly approvals: SharedApprovals;
  private readonly byPath: Map<string, Project>;
  private readonly byName: Map<string, Project>;
  /** What opening a pane (and checking its model) needs of this session. */
  private readonly panes: PaneOpening;

  constructor(private readonly options: AppSessionOptions) {
    const { workspace, db } = options;
    this.controller = options.controller ?? new WorkspaceController(workspace);
    this.intents = new IntentStore(db);
    this.contexts = new ContextStore(db);
    this.feed = new SessionFeed({
      db,
      pane: (projectPath, change) => this.pane(projectPath, change),
      ended: (projectPath, intentId, state) => this.onIntentEnded(projectPath, intentId, state),
      asked: (projectPath, intentId, summary) =>
        this.attention(projectPath, 'approval', this.intents.get(intentId), summary),
    });
    this.approvals = new SharedApprovals({
      db,
      intent: (id) => this.intents.get(id),
      pollMs: options.pollMs ?? 250,
    });
    this.remoteFeed = new RemoteFeed({
      db,
      intents: this.intents,
      shows: (projectPath) => this.byPath.has(projectPath),
      apply: (entry) => this.feed.apply(entry.projectPath, entry.intentId, entry.event, entry.at),
      pollMs: options.pollMs ?? 250,
    });
    this.byPath = new Map(workspace.projects.map((project) => [project.path, project]));
    this.byName = new Map(workspace.projects.map((project) => [project.name, project]));
    this.focused = workspace.startProject ?? workspace.projects[0]?.name;
    this.panes = {
      db,
      feed: this.feed,
      intents: this.intents,
      settings: options.settings,
      ...(options.env ? { env: options.env } : {}),
      pane: (projectPath, change) => this.pane(projectPath, change),
      closing: () => this.closing,
    };
    const feed = this.feed;
    // The agent code (openai SDK, tools) loads when the first intent runs, not with the grid.
    this.runner = startRunner({
      holder: 'tui',
      pollMs: options.pollMs ?? 250,
      db,
      workspace,
      settings: options.settings,
      env: options.env,
      references: referencesFor(options.settings, workspace),
      ...options.executor,
      // Saved by the executor's recording sink, then shown here through the same reducer.
      sink: {
        start: (intent) => feed.apply(intent.projectPath, intent.id, { type: 'start', text: intent.text }),
        event: (intent, event) => feed.apply(intent.projectPath, intent.id, event),
        info: (intent, line, kind) =>
          feed.apply(intent.projectPath, intent.id, { type: 'info', line, ...(kind ? { kind } : {}) }),
        // The recording sink saves and shows the request and its answer; this waits for the answer.
        approve: (intent, request) => this.approvals.ask(intent, request),
      },
    });
    // The runner saved the end in the feed; this process shows it from here.
    this.runner.on('change', ({ projectPath, intentId, state }) => {
      if (state === 'running' || state === 'queued') return this.scheduleRefresh();
      const error = state === 'failed' ? this.intents.get(intentId)?.error : undefined;
      this.feed.apply(projectPath, intentId, { type: 'end', state, ...(error ? { error } : {}) });
    });
    this.runner.on('queue', () => this.scheduleRefresh());
    this.runner.on('leases', (elsewhere) => this.leaseNotice(elsewhere));
    this.runner.on('fatal', (message) => this.notice(message));
    this.core = new CoreActions({
      db,
      workspace,
      settings: options.settings,
      env: options.env,
      runner: this.runner,
      approvals: this.approvals,
    });
    this.actions = appActions({
      core: this.core,
      db,
      intents: this.intents,
      contexts: this.contexts,
      controller: this.controller,
      feed: this.feed,
      project: (name) => {
        const project = this.byName.get(name);
        if (!project) throw new Error(`unknown project ${name}`);
        return project;
      },
      pane: (projectPath, change) => this.pane(projectPath, change),
      notice: (message) => this.notice(message),
      refreshQueues: () => this.refreshQueues(),
      focus: (name) => {
        this.focused = name;
        return this.byName.get(name);
      },
      track: (work) => {
        const tracked = work.finally(() => this.compactions.delete(tracked));
        this.compactions.add(tracked);
      },
    });
  }

  get store() {
    return this.controller.store;
  }

  /**
   * Restores each pane (its saved feed replayed through the reducer the live pane uses) and queue,
   * then starts git watching, the runner and the live feed of other processes.
   */
  start(): void {
    // Commands a crashed Shipyard left running (no sandbox killed them) end now.
    recoverFromCrash(this.options.db);
    const replayedUpTo = this.feed.lastId();
    for (const project of this.options.workspace.projects) openPane(this.panes, project);
    // After the first frame: the model the network decides, an unreachable endpoint said at start.
    void checkModels(this.panes, this.options.workspace.projects);
    this.refreshQueues();
    this.stopHeldCommits = watchHeldCommits(this.store, this.options.db, (projectPath, lines) => {
      for (const line of lines) this.feed.say(projectPath, { type: 'info', line });
      // The held commit now belongs to its intent: the row shows its totals.
      this.scheduleRefresh();
    });
    void this.controller.start();
    this.runner.start();
    this.leaseNotice(this.runner.elsewhere());
    this.remoteFeed.start(replayedUpTo);
  }

  /**
   * The workspace's projects changed (a pin added or removed in the settings file): panes come and
   * go, the rest runs on. The workspace is shared with the runner, the actions and the executor, so
   * its list is changed in place.
   */
  setProjects(next: Project[]): void {
    if (this.closing) return;
    const { workspace } = this.options;
    const known = new Map(workspace.projects.map((project) => [project.path, project]));
    const projects = next.map((project) => known.get(project.path) ?? project);
    const added = projects.filter((project) => !known.has(project.path));
    if (added.length === 0 && projects.length === workspace.projects.length) return;
    workspace.projects.splice(0, workspace.projects.length, ...projects);
    rememberProjects(this.options.db, workspace);
    this.byPath.clear();
    this.byName.clear();
    for (const project of projects) {
      this.byPath.set(project.path, project);
      this.byName.set(project.name, project);
    }
    this.controller.setProjects(projects);
    for (const project of added) openPane(this.panes, project);
    void checkModels(this.panes, added);
    this.refreshQueues();
  }

  /** The settings file changed: what each pane says of its sandbox follows it. */
  settingsChanged(): void {
    if (this.closing) return;
    refreshSandboxLines(this.panes, this.options.workspace.projects);
  }

  /** The title says which projects another process runs (their intents go to it), or nothing. */
  private leaseNotice(elsewhere: string[]): void {
    const text = elsewhereTitle(this.options.db, elsewhere, this.options.workspace.projects);
    this.controller.store.update((state) =>
      state.elsewhere === text ? state : { ...state, elsewhere: text },
    );
  }

  /**
   * Stops at any moment (idle, streaming, mid-tool, mid-commit, during an approval): pending approvals
   * are refused, running intents end `interrupted`, and no timer touches the database afterwards.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.refreshTimer);
    this.remoteFeed.stop();
    this.stopHeldCommits?.();
    this.approvals.close();
    await this.runner.stop({ abort: true });
    await Promise.allSettled(this.compactions);
    clearTimeout(this.refreshTimer);
    await this.controller.close();
  }

  private pane(projectPath: string, change: (pane: PaneState) => PaneState): void {
    this.controller.updatePane(projectPath, change);
  }

  private notice(message: string | undefined): void {
    this.controller.store.update((state) => ({ ...state, notice: message }));
  }

  /** A pane that is not focused needs a look: mark it, ring the bell (or OSC 9), run the hook. */
  private attention(projectPath: string, newState: string, intent?: Intent, summary?: string): void {
    const project = this.byPath.get(projectPath);
    if (!project || project.name === this.focused) return;
    this.pane(projectPath, (pane) => ({ ...pane, attention: true }));
    const alert: PaneAlert = {
      project: project.name,
      projectPath,
      newState,
      ...(intent ? { intent: { id: intent.id, text: intent.text } } : {}),
      ...(summary !== undefined ? { summary } : {}),
    };
    alertUser(this.options.settings(), this.options.terminal, alert);
    this.options.onAlert?.(alert);
  }

  /** An intent's end showed in its pane (run here or by another process). */
  private onIntentEnded(projectPath: string, intentId: number, state: FinishedState): void {
    if (state === 'done' || state === 'failed')
      this.attention(projectPath, state, this.intents.get(intentId));
    this.scheduleRefresh();
  }

  /** Coalesces queue refreshes: eight busy projects change the queue many times a second. */
  private scheduleRefresh(): void {
    if (this.refreshTimer || this.closing) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refreshQueues();
    }, 100);
  }

  /** Re-reads every project's queue (cheap: a few rows per project). */
  private refreshQueues(): void {
    if (this.closing) return;
    refreshQueueViews(this.panes, this.contexts, this.options.workspace.projects);
  }
}
