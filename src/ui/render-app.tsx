// Start the full-screen TUI on a terminal and give back what the CLI needs to wait for it.
import { render } from 'ink';
import type { AppActions, AppState } from '../core/app-state.js';
import type { ObservableState } from '../core/observable-state.js';
import { App } from './app.js';

export interface RenderAppOptions {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}

export interface RunningApp {
  /** Resolves once the app quit (the `q` or Ctrl+C key, or `unmount()`), with the terminal restored. */
  waitUntilExit(): Promise<void>;
  unmount(): void;
  /** Hands the app its actions once core has loaded (the first frame is drawn without them). */
  setActions(actions: AppActions): void;
}

const SHOW_CURSOR = '\u001b[?25h';

export function renderApp(
  store: ObservableState<AppState>,
  actions: AppActions,
  opts: RenderAppOptions = {},
): RunningApp {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  let unmounted = false;
  const quit = () => {
    if (unmounted) return;
    unmounted = true;
    // Ink leaves the alternate screen, restores raw mode and shows the cursor on unmount.
    instance.unmount();
  };
  const tree = (current: AppActions) => <App store={store} actions={current} onQuit={quit} />;
  const instance = render(tree(actions), {
    stdout,
    stdin,
    alternateScreen: true,
    incrementalRendering: true,
    // Streams are paced by the store (one notification per 34 ms, workspace-controller.ts); Ink's own
    // throttle stays shorter so each of those commits is drawn at once, not on a trailing edge that
    // lets two React renders share one frame.
    maxFps: 60,
    // Ctrl+C is a key like any other: the app decides (quit), so nothing dies mid-write.
    exitOnCtrlC: false,
    patchConsole: false,
    // Where the terminal speaks the kitty keyboard protocol, Shift+Enter differs from Enter (a new
    // line in the intent) and Esc arrives without the lone-Esc delay; elsewhere nothing changes.
    kittyKeyboard: { mode: 'auto' },
    // A full-screen app is interactive on a terminal even where CI detection says otherwise.
    interactive: Boolean(stdout.isTTY),
  });
  const exited = instance.waitUntilExit().then(
    () => {
      // Belt and braces: a cursor left hidden outlives the app in the user's shell.
      if (stdout.isTTY && !stdout.writableEnded) stdout.write(SHOW_CURSOR);
    },
    (error: unknown) => {
      if (stdout.isTTY && !stdout.writableEnded) stdout.write(SHOW_CURSOR);
      throw error;
    },
  );
  return {
    waitUntilExit: () => exited,
    unmount: quit,
    setActions: (next) => {
      if (!unmounted) instance.rerender(tree(next));
    },
  };
}
