// A frame costs what changed: a pane whose state did not change is not rendered again when another
// pane streams, and the streamed text on screen is the text wrapped at once.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppActions } from '../../src/core/app-state.js';
import { App } from '../../src/ui/app.js';
import { PaneRenderProbe } from '../../src/ui/pane.js';
import { appStore, conversation, paneState } from '../support/fixtures.js';
import { frameLines, type Rendered, renderSized, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

describe('pane renders', () => {
  it('renders only the pane that changed while one streams, then only the two a focus move touches', async () => {
    const names = ['api', 'web', 'docs', 'infra'];
    const store = appStore(names.map((name) => paneState(name, { lines: conversation(5, `${name} says`) })));
    const renders = new Map<string, number>();
    const count = (projectPath: string) => renders.set(projectPath, (renders.get(projectPath) ?? 0) + 1);
    current = renderSized(
      <PaneRenderProbe.Provider value={count}>
        <App store={store} actions={{} as AppActions} onQuit={() => {}} />
      </PaneRenderProbe.Provider>,
      { columns: 120, rows: 30 },
    );
    const { lastFrame, stdin } = current;
    await waitForFrame(lastFrame, (frame) => frame.includes('infra says 5'));
    const before = new Map(renders);
    const pathOf = (name: string) => store.get().panes.find((p) => p.project.name === name)!.project.path;

    // `web` streams an answer word by word.
    let answer = '';
    for (let word = 0; word < 40; word++) {
      answer += `word${word} `;
      store.update((state) => ({
        ...state,
        panes: state.panes.map((pane) =>
          pane.project.name === 'web'
            ? { ...pane, lines: [...pane.lines.slice(0, 5), { kind: 'assistant', text: answer }] }
            : pane,
        ),
      }));
      await waitForFrame(lastFrame, (frame) => frame.includes(`word${word}`));
    }
    const grown = (name: string) => (renders.get(pathOf(name)) ?? 0) - (before.get(pathOf(name)) ?? 0);
    expect(grown('web')).toBeGreaterThanOrEqual(40);
    for (const name of ['api', 'docs', 'infra']) expect(grown(name), name).toBe(0);

    // Tab moves the focus from api to web: those two change (their border), the others do not.
    const beforeTab = new Map(renders);
    stdin.write('\t');
    await waitForFrame(lastFrame, (frame) => frame.includes('┏━ 2 web'));
    const since = (name: string) => (renders.get(pathOf(name)) ?? 0) - (beforeTab.get(pathOf(name)) ?? 0);
    expect(since('api')).toBeGreaterThan(0);
    expect(since('web')).toBeGreaterThan(0);
    expect(since('docs')).toBe(0);
    expect(since('infra')).toBe(0);

    // The answer on screen is the answer wrapped at once (the pane is 60 columns, 56 inside).
    const rows = frameLines(lastFrame()).map((line) => line.slice(62, 118).trimEnd());
    const shown = rows.filter((row) => row.includes('word')).join(' ');
    expect(shown.split(/\s+/).filter((w) => w.startsWith('word'))).toEqual(
      Array.from({ length: 40 }, (_, i) => `word${i}`),
    );
  });
});
