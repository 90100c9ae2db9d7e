// The grid's frames while 8 panes stream, in-process on a fake 160×45 terminal: every frame each pane
// gets the words a model streams in one frame's time (one per 20 ms), through the reducer the app uses.
// CPU time per frame (not wall time: a loaded machine's waiting is not the app's cost).

import type { AppState } from '../../src/core/app-state.js';
import { ObservableState } from '../../src/core/observable-state.js';
import { applyAgentEvent } from '../../src/core/pane-feed.js';
import { gitStatus, paneState } from '../../test/support/fixtures.js';
import { answerWords } from './answer.js';
import { renderGrid } from './render-grid.js';

export async function streamFrames(options: { panes: number; words: number; size?: [number, number] }) {
  const names = Array.from({ length: options.panes }, (_, i) => `project-${i}`);
  const store = new ObservableState<AppState>({
    workspaceRoot: '/home/me/code',
    panes: names.map((name) =>
      applyAgentEvent(
        paneState(name, { git: gitStatus(), lines: [{ kind: 'user', text: 'explain the retry helper' }] }),
        { type: 'step', step: 1 },
      ),
    ),
  });
  const { instance, frameAt } = renderGrid(store, {}, { maxFps: 1000, size: options.size });
  const words = answerWords(options.words);
  const cpu: number[] = [];
  const perFrame = 2; // 34 ms of a model at one word per 20 ms (rounded up)
  for (let at = 0; at < words.length; at += perFrame) {
    const frames = frameAt.length;
    const started = process.cpuUsage();
    store.update((state) => ({
      ...state,
      panes: state.panes.map((pane) => {
        let next = pane;
        for (const delta of words.slice(at, at + perFrame))
          next = applyAgentEvent(next, { type: 'text', delta });
        return next;
      }),
    }));
    // A change that leaves the screen as it was draws no frame: give up waiting after a while.
    const deadline = performance.now() + 500;
    while (frameAt.length === frames && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 0));
    const used = process.cpuUsage(started);
    cpu.push((used.user + used.system) / 1000);
  }
  instance.unmount();
  return cpu;
}
