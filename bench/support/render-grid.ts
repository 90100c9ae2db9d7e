// The grid rendered in-process to a fake terminal (200×60 unless sized), with the app's render options, recording
// Ink's render time of every frame.
import { render } from 'ink';
import { createElement } from 'react';
import type { AppActions, AppState } from '../../src/core/app-state.js';
import type { ObservableState } from '../../src/core/observable-state.js';
import { App } from '../../src/ui/app.js';
import { FakeStdin, FakeStdout } from '../../test/support/ink.js';

export function renderGrid(
  store: ObservableState<AppState>,
  actions: AppActions,
  options: { maxFps: number; size?: [number, number] },
) {
  const frameTimes: number[] = [];
  /** When each frame was written (performance.now()). */
  const frameAt: number[] = [];
  const stdout = new FakeStdout(...(options.size ?? [200, 60]), true);
  const stdin = new FakeStdin();
  const instance = render(createElement(App, { store, actions, onQuit: () => {} }), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    alternateScreen: true,
    incrementalRendering: true,
    maxFps: options.maxFps,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: true,
    onRender: ({ renderTime }) => {
      frameTimes.push(renderTime);
      frameAt.push(performance.now());
    },
  });
  return { instance, frameTimes, frameAt, stdin, stdout };
}
