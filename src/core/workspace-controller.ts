// Keeps each pane's git state live: a first status read per project, then a watcher that
// triggers a re-read. Owns no UI; the TUI reads `store`.
import { errorMessage } from '../errors.js';
import type { GitStatus } from '../model/git-status.js';
import type { Project, Workspace } from '../model/project.js';
import type { AppState } from './app-state.js';
import { ObservableState } from './observable-state.js';
import type { PaneState } from './pane-state.js';

interface Tracked {
  project: Project;
  refreshing: boolean;
  again: boolean;
  close?: () => Promise<void>;
}

/** While the panes on screen wait for their first read, what has answered is drawn this often. */
const FIRST_READ_FRAME_MS = 400;

function initialPane(project: Project): PaneState {
  return { project, activity: { kind: 'idle' }, lines: [], queueLength: 0 };
}

export class WorkspaceController {
  readonly store: ObservableState<AppState>;
  private readonly tracked = new Map<string, Tracked>();
  private closed = false;
  private readStatus?: (repoPath: string) => Promise<GitStatus>;
  private readonly readFirst: Set<string>;
  private watchProject?: typeof import('../watch/project-watcher.js').watchProject;
  private started?: Promise<void>;
  private shownOnScreen!: () => void;
  private readonly onScreenReady = new Promise<void>((resolve) => {
    this.shownOnScreen = resolve;
  });

  constructor(
    readonly workspace: Workspace,
    options: {
      coalesceMs?: number;
      notice?: string;
      /** Paths of the panes on screen: their git is read first. */
      readFirst?: string[];
    } = {},
  ) {
    this.readFirst = new Set(options.readFirst);
    this.store = new ObservableState<AppState>(
      {
        workspaceRoot: workspace.root,
        panes: workspace.projects.map(initialPane),
        startProject: workspace.startProject,
        notice: options.notice,
      },
      // The frame clock of streams: at most one notification (one React render) per 34 ms, 29 fps.
      options.coalesceMs ?? 34,
    );
  }

  /**
   * Reads every project's status (the panes on screen first: git runs in call order under the
   * app-wide limit, and their answers are drawn together, `together`), then starts the watchers,
   * whose first scan would slow those reads down; each project is read once more when its watcher
   * is ready (drawn only when it found a change).
   * Returns once every first read settled. Starts once: the TUI calls it right after its first
   * frame (git then runs while the agent code loads), the session's start again.
   */
  start(options: { watch?: boolean } = {}): Promise<void> {
    this.started ??= this.startOnce(options).finally(() => this.shownOnScreen());
    return this.started;
  }

  private async startOnce(options: { watch?: boolean }): Promise<void> {
    // Loaded here, not at import: the TUI's first frame does not wait for simple-git and chokidar.
    const { readGitStatus } = await import('../git/status.js');
    this.readStatus = readGitStatus;
    const projects = [...this.workspace.projects].sort(
      (a, b) => Number(this.readFirst.has(b.path)) - Number(this.readFirst.has(a.path)),
    );
    for (const project of projects) {
      this.tracked.set(project.path, { project, refreshing: false, again: false });
    }
    const onScreen = projects.filter((project) => this.readFirst.has(project.path));
    const shown = this.together(() => Promise.all(onScreen.map((project) => this.refresh(project.path))));
    void shown.then(() => this.shownOnScreen());
    const offScreen = projects.filter((project) => !this.readFirst.has(project.path));
    await Promise.all([shown, ...offScreen.map((project) => this.refresh(project.path))]);
    if (options.watch === false || this.closed) return;
    const { watchProject } = await import('../watch/project-watcher.js');
    this.watchProject = watchProject;
    for (const entry of this.tracked.values()) {
      if (this.closed) return;
      this.watch(entry);
    }
  }

  /**
   * Resolves once the panes on screen have their first git read drawn (at once when none are on
   * screen): the TUI loads the rest of the session after it, so that work does not hold git back.
   */
  onScreenRead(): Promise<void> {
    return this.onScreenReady;
  }

  /**
   * The first reads of the panes on screen land in one frame, not one per answer (a frame of 30
   * panes costs tens of ms of CPU, and git answers come a few at a time): the store holds its
   * notifications until every read has answered, drawing what has every FIRST_READ_FRAME_MS meanwhile
   * (a slow repository does not hide the others' state).
   */
  private async together(reads: () => Promise<unknown>): Promise<void> {
    let release = this.store.hold();
    const timer = setInterval(() => {
      release();
      release = this.store.hold();
    }, FIRST_READ_FRAME_MS);
    timer.unref?.();
    try {
      await reads();
    } finally {
      clearInterval(timer);
      release();
    }
  }

  private watch(entry: Tracked): void {
    if (!this.watchProject || entry.close) return;
    const path = entry.project.path;
    const watcher = this.watchProject(path, () => void this.refresh(path), {
      onNote: (note) => this.patchPane(path, { watchNote: note }),
      onError: (message) => this.patchPane(path, { gitError: message }),
    });
    entry.close = () => watcher.close();
    // What changed between the first read and the watch's start is caught by one more read.
    void watcher.ready.then(() => this.refresh(path));
  }

  /**
   * The workspace's projects changed (a pin added or removed): a pane for each new one (read and
   * watched like the others), gone ones closed; the panes that stay keep their state.
   */
  setProjects(projects: Project[]): void {
    if (this.closed) return;
    const wanted = new Set(projects.map((project) => project.path));
    for (const [path, entry] of this.tracked) {
      if (wanted.has(path)) continue;
      this.tracked.delete(path);
      void entry.close?.();
    }
    this.store.update((state) => ({
      ...state,
      panes: projects.map(
        (project) => state.panes.find((pane) => pane.project.path === project.path) ?? initialPane(project),
      ),
    }));
    // Before start() has run, it tracks them itself (it reads the same workspace).
    if (!this.readStatus) return;
    for (const project of projects) {
      if (this.tracked.has(project.path)) continue;
      const entry: Tracked = { project, refreshing: false, again: false };
      this.tracked.set(project.path, entry);
      void this.refresh(project.path).then(() => this.watch(entry));
    }
  }

  /** Re-reads one project's git status; calls during a read coalesce into one more read. */
  async refresh(projectPath: string): Promise<void> {
    const entry = this.tracked.get(projectPath);
    if (!entry || this.closed) return;
    if (entry.refreshing) {
      entry.again = true;
      return;
    }
    entry.refreshing = true;
    try {
      do {
        entry.again = false;
        try {
          const git = await this.readStatus!(projectPath);
          // The watcher's read once it is ready mostly finds what the first one did: no frame for it.
          if (!this.showsAlready(projectPath, git)) {
            this.patchPane(projectPath, { git, gitError: undefined, stale: undefined });
          }
        } catch (error) {
          this.patchPane(projectPath, { gitError: errorMessage(error), stale: undefined });
        }
      } while (entry.again && !this.closed);
    } finally {
      entry.refreshing = false;
    }
  }

  private showsAlready(projectPath: string, git: GitStatus): boolean {
    const pane = this.store.get().panes.find((candidate) => candidate.project.path === projectPath);
    return (
      pane !== undefined &&
      !pane.stale &&
      pane.gitError === undefined &&
      JSON.stringify(pane.git) === JSON.stringify(git)
    );
  }

  patchPane(projectPath: string, patch: Partial<PaneState>): void {
    this.updatePane(projectPath, (pane) => ({ ...pane, ...patch }));
  }

  updatePane(projectPath: string, change: (pane: PaneState) => PaneState): void {
    this.store.update((state) => {
      const index = state.panes.findIndex((pane) => pane.project.path === projectPath);
      if (index < 0) return state;
      const panes = state.panes.slice();
      panes[index] = change(panes[index]!);
      return { ...state, panes };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.tracked.values()].map((entry) => entry.close?.()));
  }
}
