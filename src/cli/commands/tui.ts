// `shipyard [DIR]`: the full-screen grid, with the workspace's queue runner in this process.
// The first frame waits only for what it draws: the workspace (the pinned paths read as plain JSON)
// and each pane's last known state (the pane cache); settings validation, git, watchers and the
// agent code load after it.
import { flushCompileCache } from 'node:module';
import type { AppActions } from '../../core/app-state.js';
import { PaneCache, restorePane } from '../../core/pane-cache.js';
import { discoveryOptions, openWorkspace } from '../../core/workspace.js';
import { WorkspaceController } from '../../core/workspace-controller.js';
import { followDiscovery } from '../../core/workspace-follow.js';
import { UserError } from '../../errors.js';
import type { Workspace } from '../../model/project.js';
import { type Db, openDb } from '../../store/db.js';
import { inputHistory } from '../../store/input-history.js';
import { statePath } from '../../store/paths.js';
import { rememberProjects } from '../../store/projects.js';
import { peekDiscovery, peekHosts } from '../../store/settings-peek.js';
import { gridLayout, keepRowVisible } from '../../ui/layout.js';
import { loadWithoutFetch } from '../../ui/load-without-fetch.js';
import type { CliEnv, GlobalOptions } from '../env.js';
import { guardInput, onStop, type StopReason, stopExitCode } from '../stop-signals.js';

/** How long the session's start waits for the first git read of the panes on screen. */
const SESSION_WAITS_FOR_GIT_MS = 1000;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function tuiCommand(options: GlobalOptions): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'the grid needs a terminal (TTY); headless, use `shipyard ls`, `shipyard ask` or `shipyard run`',
    );
  }
  const loadEnv = async () => new (await import('../env.js')).CliEnv(options);
  // A settings file too broken to read its pins and depth is reported before anything is drawn.
  const discovery = peekDiscovery();
  let env: CliEnv | undefined = discovery ? undefined : await loadEnv();
  const workspace =
    env?.workspace ??
    openWorkspace({
      ...discoveryOptions(discovery!),
      cwd: process.env.INIT_CWD || process.cwd(),
      root: options.root,
    });
  const db = openDb(statePath());
  const cache = new PaneCache(db);
  const controller = new WorkspaceController(workspace, {
    readFirst: onScreenAtStart(workspace, process.stdout.columns, process.stdout.rows),
  });
  const cached = cache.read(workspace.projects.map((project) => project.path));
  controller.store.update((state) => ({
    ...state,
    panes: state.panes.map((pane) => restorePane(pane, cached.get(pane.project.path))),
  }));
  // The actions (the agent code: openai, tools) arrive a moment after the first frame.
  const { renderApp } = await loadWithoutFetch(() => import('../../ui/render-app.js'));
  const session = deferred<AppActions>();
  const early = earlyActions(session.promise, controller, db, workspace);
  // Remote hosts' panes join the local ones in one grid (docs/remote.md); without any, nothing changes.
  const grid = await openRemoteGrid(options.host ?? [], controller.store, early);
  const app = renderApp(grid?.store ?? controller.store, grid?.actions ?? early);
  await new Promise((resolve) => setImmediate(resolve));
  // A closed terminal (SIGHUP) or a kill (SIGTERM, SIGINT) quits as `q` does: running intents end
  // interrupted, their commands are killed, the pane cache is saved, the exit status names the signal.
  let stopped: StopReason | undefined;
  guardInput();
  const unsubscribe = onStop((reason) => {
    stopped ??= reason;
    app.unmount();
  });
  // A state database deleted or replaced under us: stop with its one line (the runner saw it).
  let fatal: string | undefined;
  try {
    // Git for the panes on screen first, and drawn, before settings and the agent code load: on a
    // busy machine the main thread is what git's answers wait for (their processes run beside it),
    // so the session's start (~100–200 ms of CPU) would hold every pane's fresh state back. A slow
    // git holds the session back no longer than SESSION_WAITS_FOR_GIT_MS.
    // Then the code compiled so far goes to the compile cache (bin.ts) at once: Node writes it only
    // at a clean exit, and a grid often ends killed (kill -9, a crash), so the next start would
    // compile everything again.
    void controller.start().then(() => flushCompileCache());
    await Promise.race([controller.onScreenRead(), delay(SESSION_WAITS_FOR_GIT_MS)]);
    // The frame with that git in it is written before the settings' code is evaluated.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      env ??= await loadEnv();
    } catch (error) {
      // A settings field that fails validation: leave the screen as it was, then say which one.
      session.reject(error);
      grid?.close();
      app.unmount();
      await app.waitUntilExit();
      await controller.close();
      db.close();
      throw error;
    }
    const ready = env;
    if (stopped) {
      grid?.close();
      await controller.close();
      db.close();
      ready.close();
      return;
    }
    const settings = () => ready.settings;
    rememberProjects(db, workspace);
    const { AppSession } = await import('../../core/app-session.js');
    const running = new AppSession({ workspace, db, settings, controller, terminal: process.stdout });
    running.runner.on('fatal', (message) => {
      fatal = message;
      app.unmount();
    });
    grid?.setLocalActions(running.actions);
    grid?.notifyOn(settings, process.stdout);
    app.setActions(grid?.actions ?? running.actions);
    running.start();
    // `shipyard add`/`remove` from another shell shows here within a second, and so does a sandbox
    // setting changed by hand.
    const stopFollowing = followDiscovery(
      workspace,
      (projects) => running.setProjects(projects),
      process.env,
      undefined,
      () => running.settingsChanged(),
    );
    session.resolve(running.actions);
    cache.follow(controller.store);
    try {
      await app.waitUntilExit();
    } finally {
      stopFollowing();
      grid?.close();
      await running.close();
      cache.close(controller.store.get().panes);
      db.close();
      ready.close();
    }
  } finally {
    unsubscribe();
    if (stopped) process.exitCode = stopExitCode[stopped];
  }
  if (fatal) throw new UserError(fatal);
}

/** The grid of local and remote panes, when any host is named (--host) or set to open (settings). */
async function openRemoteGrid(args: string[], local: WorkspaceController['store'], actions: AppActions) {
  const configured = peekHosts();
  if (args.length === 0 && Object.keys(configured).length === 0) return undefined;
  const { gridHosts } = await import('../../remote/ssh.js');
  const hosts = gridHosts(args, configured);
  if (hosts.length === 0) return undefined;
  const { openGrid } = await import('../../remote/open-grid.js');
  return openGrid({ local: { store: local }, actions, hosts });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => {}); // settings that fail end the app; nothing waits for this then
  return { promise, resolve, reject };
}

/**
 * What the grid may do before the session is up (its code loads after the first frame): an intent
 * typed that early is queued the moment it is, and a refusal then shows as the notice.
 */
function earlyActions(
  ready: Promise<AppActions>,
  controller: WorkspaceController,
  db: Db,
  workspace: Workspace,
): AppActions {
  const pathOf = (name: string) => workspace.projects.find((project) => project.name === name)?.path;
  return {
    // The input's history is in the state database, open already: Up works from the first frame.
    inputHistory: (name) => {
      const path = pathOf(name);
      return path ? inputHistory(db, path) : [];
    },
    rememberInput: (name, text) =>
      void ready.then(
        (actions) => actions.rememberInput?.(name, text),
        () => {},
      ),
    submitIntent: (project, text) => {
      void ready.then(
        (actions) => {
          const reason = actions.submitIntent?.(project, text);
          if (typeof reason === 'string') {
            controller.store.update((state) => ({ ...state, notice: `not queued: ${reason}` }));
          }
        },
        () => {},
      );
      return undefined;
    },
  };
}

/** Paths of the panes the first frame shows (the grid scrolled to the start project), read first. */
function onScreenAtStart(workspace: Workspace, columns = 80, rows = 24): string[] {
  const { projects } = workspace;
  const layout = gridLayout(columns, Math.max(1, rows - 2), projects.length);
  const focus = Math.max(
    0,
    projects.findIndex((project) => project.name === workspace.startProject),
  );
  const first = keepRowVisible(0, Math.floor(focus / layout.columns), layout.visibleRows, layout.totalRows);
  const start = first * layout.columns;
  return projects.slice(start, start + layout.visibleRows * layout.columns).map((project) => project.path);
}
