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

function initialPane(project: Project): PaneState {
  return { project, activity: { kind: 'idle' }, lines: [], queueLength: 0 };
}

export class WorkspaceController {
  readonly store: ObservableState<AppState>;
  private readonly tracked = new Map<string, Tracked>();
  private closed = false;
  private readStatus?: (repoPath: string) => Promise<GitStatus>;

  constructor(
    readonly workspace: Workspace,
    options: { coalesceMs?: number; notice?: string } = {},
  ) {
    this.store = new ObservableState<AppState>(
      {
        workspaceRoot: workspace.root,
        panes: workspace.projects.map(initialPane),
        startProject: workspace.startProject,
        notice: options.notice,
      },
      options.coalesceMs ?? 50,
    );
  }

  /** Reads every project's status and starts the watchers. Returns once every first read settled. */
  async start(options: { watch?: boolean } = {}): Promise<void> {
    // Loaded here, not at import: the TUI's first frame does not wait for simple-git and chokidar.
    const [{ readGitStatus }, { watchProject }] = await Promise.all([
      import('../git/status.js'),
      import('../watch/project-watcher.js'),
    ]);
    this.readStatus = readGitStatus;
    const reads = this.workspace.projects.map(async (project) => {
      const entry: Tracked = { project, refreshing: false, again: false };
      this.tracked.set(project.path, entry);
      await this.refresh(project.path);
      if (options.watch === false || this.closed) return;
      const watcher = watchProject(project.path, () => void this.refresh(project.path), {
        onNote: (note) => this.patchPane(project.path, { watchNote: note }),
        onError: (message) => this.patchPane(project.path, { gitError: message }),
      });
      entry.close = () => watcher.close();
    });
    await Promise.all(reads);
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
          this.patchPane(projectPath, { git, gitError: undefined });
        } catch (error) {
          this.patchPane(projectPath, { gitError: errorMessage(error) });
        }
      } while (entry.again && !this.closed);
    } finally {
      entry.refreshing = false;
    }
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
