// In the running app: a commit held during the user's merge, rebase, … (deferred-commit.ts) is made
// as soon as the pane's git state shows the repository back on a branch with nothing unfinished.
import type { Db } from '../store/db.js';
import type { AppState } from './app-state.js';
import type { ObservableState } from './observable-state.js';

/** Starts watching; returns the function that stops it. `show` gets the lines for a project's pane. */
export function watchHeldCommits(
  store: ObservableState<AppState>,
  db: Db,
  show: (projectPath: string, lines: string[]) => void,
): () => void {
  const ready = new Map<string, boolean>();
  const check = () => {
    for (const pane of store.get().panes) {
      const git = pane.git;
      const now = git !== undefined && git.branch !== null && git.operation === null;
      const before = ready.get(pane.project.path);
      ready.set(pane.project.path, now);
      if (!now || before === true) continue;
      const projectPath = pane.project.path;
      // Loaded on demand: git and the commit code stay off the grid's start-up path.
      void import('./deferred-commit.js')
        .then(({ commitPending }) => commitPending(db, projectPath))
        .then((lines) => lines.length && show(projectPath, lines))
        .catch((error: unknown) => show(projectPath, [`held commit: ${String(error)}`]));
    }
  };
  return store.subscribe(check);
}
