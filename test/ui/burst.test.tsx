// Keys that arrive in one stdin chunk (a fast typist, a macro, tmux send-keys) act one by one, each
// on the state the key before it left: what is typed is what is queued, exactly.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppActions, AppState } from '../../src/core/app-state.js';
import type { ObservableState } from '../../src/core/observable-state.js';
import { App } from '../../src/ui/app.js';
import { appStore, paneState, queueCore } from '../support/fixtures.js';
import { frameLines, press, type Rendered, renderSized, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

const PASTE = (text: string) => `\u001b[200~${text}\u001b[201~`;

function start(
  store: ObservableState<AppState> = appStore(['api', 'web', 'worker'].map((n) => paneState(n))),
) {
  const core = queueCore(store);
  const submitted: [string, string][] = [];
  const actions: AppActions = {
    ...core,
    submitIntent: (project, text) => {
      submitted.push([project, text]);
      return core.submitIntent!(project, text);
    },
  };
  current = renderSized(<App store={store} actions={actions} onQuit={() => {}} />, {
    columns: 120,
    rows: 30,
  });
  return { rendered: current, submitted, store };
}

/** The number of the focused pane (its header is drawn with heavy lines). */
const focusedPane = (frame: string) => /┏━ (\d+) /.exec(frameLines(frame).join('\n'))?.[1];

describe('a burst of keys in one chunk', () => {
  it('text and Enter in one read queue exactly that text', async () => {
    const { rendered, submitted } = start();
    await press(rendered.stdin, 'i');
    await press(rendered.stdin, 'SAY: one-write\r');
    expect(submitted).toEqual([['api', 'SAY: one-write']]);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queued #1'));
  });

  it('i, text and Enter in one read: the whole text, in one intent', async () => {
    const { rendered, submitted } = start();
    await press(rendered.stdin, 'iRUN: sleep 15; echo slept\r');
    expect(submitted).toEqual([['api', 'RUN: sleep 15; echo slept']]);
    // The input stays open for the next one, empty.
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queued #1') && f.includes('›   Enter queues'));
  });

  it('2i and text typed ahead land whole in pane 2', async () => {
    const { rendered, submitted } = start();
    await press(rendered.stdin, '2ifix the login form');
    const frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('› fix the login form'));
    expect(focusedPane(frame)).toBe('2');
    await press(rendered.stdin, '\r');
    expect(submitted).toEqual([['web', 'fix the login form']]);
  });

  it('two Tabs in one read move the focus twice; Tab then Shift+Tab come back', async () => {
    const { rendered } = start();
    await waitForFrame(rendered.lastFrame, (f) => focusedPane(f) === '1');
    await press(rendered.stdin, '\t\t');
    await waitForFrame(rendered.lastFrame, (f) => focusedPane(f) === '3');
    await press(rendered.stdin, '\t\u001b[Z');
    await waitForFrame(rendered.lastFrame, (f) => focusedPane(f) === '3');
  });

  it('six intents typed back to back are six exact intents, in order', async () => {
    const { rendered, submitted, store } = start();
    const texts = [
      'RUN: sleep 3; echo slept',
      'SAY: third',
      'SAY: fourth',
      'SAY: fifth, with a comma',
      'q is a letter here',
      'SAY: sixth @ the end',
    ];
    await press(rendered.stdin, `i${texts.map((t) => `${t}\r`).join('')}`);
    expect(submitted).toEqual(texts.map((t) => ['api', t]));
    expect(store.get().panes[0]!.intents!.map((i) => i.text)).toEqual(texts);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queued #6'));
  });

  it('a bracketed paste stays one multi-line intent; an unbracketed chunk is typing', async () => {
    const { rendered, submitted } = start();
    await press(rendered.stdin, 'i');
    await press(rendered.stdin, PASTE('first line\rsecond line'));
    await waitForFrame(rendered.lastFrame, (f) => f.includes('second line'));
    await press(rendered.stdin, '\r');
    expect(submitted).toEqual([['api', 'first line\nsecond line']]);
    await press(rendered.stdin, 'first line\rsecond line\r');
    expect(submitted.slice(1)).toEqual([
      ['api', 'first line'],
      ['api', 'second line'],
    ]);
  });

  it('Esc in a burst is a key of its own: text, Esc, and the grid has the next keys', async () => {
    const { rendered, submitted } = start();
    // Ink splits escape sequences out of a chunk; the arrow moves the focus after the input closed.
    await press(rendered.stdin, 'idraft\u001b');
    await new Promise((resolve) => setTimeout(resolve, 60));
    await press(rendered.stdin, '\u001b[C');
    await waitForFrame(rendered.lastFrame, (f) => focusedPane(f) === '2');
    expect(submitted).toEqual([]);
  });
});
