// Typing never changes state by accident: letters in the grid start an intent (never answer an
// approval), the approval prompt shows the whole step before y counts, cancel asks, drafts are kept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppActions, AppState } from '../../src/core/app-state.js';
import type { ObservableState } from '../../src/core/observable-state.js';
import type { AgentActivity } from '../../src/core/pane-state.js';
import { App } from '../../src/ui/app.js';
import { appStore, paneState, queueCore } from '../support/fixtures.js';
import { frameLines, KEYS, press, type Rendered, renderSized, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

const PASTE = (text: string) => `\u001b[200~${text}\u001b[201~`;
const COMMAND = [
  'echo running the unit tests now',
  ...Array.from({ length: 30 }, (_, i) => `touch /tmp/x${i}`),
];

function waiting(detail = `shell\n${COMMAND.join('\n')}`): AgentActivity {
  return { kind: 'approval', since: 1000, summary: `shell ${COMMAND[0]}`, detail };
}

function start(store: ObservableState<AppState>, size = { columns: 100, rows: 24 }) {
  const core = queueCore(store);
  const actions = {
    ...core,
    submitIntent: vi.fn(core.submitIntent),
    answerApproval: vi.fn<NonNullable<AppActions['answerApproval']>>(),
    cancel: vi.fn<NonNullable<AppActions['cancel']>>(),
  };
  current = renderSized(<App store={store} actions={actions} onQuit={() => {}} />, size);
  return { rendered: current, actions };
}

const text = (frame: string) => frameLines(frame).join('\n');

describe('stray typing', () => {
  it('typed in the grid during a pending approval, answers nothing and becomes an intent', async () => {
    const store = appStore([paneState('api', { activity: waiting() }), paneState('web')]);
    const { rendered, actions } = start(store);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('waiting for approval'));
    // One chunk, as a paste without brackets or a fast typist sends it, then key by key.
    await press(rendered.stdin, 'add logging, yes always');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('› add logging, yes always'));
    await press(rendered.stdin, KEYS.escape);
    for (const key of 'yna ') await press(rendered.stdin, key);
    await press(rendered.stdin, KEYS.escape);
    expect(actions.answerApproval).not.toHaveBeenCalled();
    expect(actions.submitIntent).not.toHaveBeenCalled();
  });

  it('a letter that is no grid key starts an intent with it: "fix the bug" is typed whole', async () => {
    const { rendered, actions } = start(appStore([paneState('api'), paneState('web')]));
    for (const key of 'fix the bug') await press(rendered.stdin, key);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('› fix the bug'));
    await press(rendered.stdin, KEYS.enter);
    expect(actions.submitIntent).toHaveBeenCalledWith('api', 'fix the bug');
  });

  it('Esc keeps the draft of its pane; it comes back when that input opens again', async () => {
    const { rendered } = start(appStore([paneState('api'), paneState('web')]));
    await press(rendered.stdin, 'irefactor the retry loop');
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('draft kept'));
    await press(rendered.stdin, '2i');
    let frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('Esc close'));
    expect(frame).not.toContain('refactor the retry loop');
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, '1');
    await press(rendered.stdin, 'i');
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('› refactor the retry loop'));
    // Typing goes on at the end of the draft.
    await press(rendered.stdin, ' now');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('› refactor the retry loop now'));
  });

  it('a bracketed paste in the grid opens the input with it, as one multi-line intent', async () => {
    const { rendered, actions } = start(appStore([paneState('api'), paneState('web')]));
    await press(rendered.stdin, PASTE('first line\nq second line'));
    await waitForFrame(rendered.lastFrame, (f) => f.includes('q second line'));
    await press(rendered.stdin, KEYS.enter);
    expect(actions.submitIntent).toHaveBeenCalledWith('api', 'first line\nq second line');
  });
});

describe('the approval prompt', () => {
  it('shows every line of the command, scrollable; y counts only once the end was shown', async () => {
    const store = appStore([paneState('api', { activity: waiting() })]);
    const { rendered, actions } = start(store, { columns: 80, rows: 24 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('waiting for approval'));
    await press(rendered.stdin, KEYS.enter);
    let frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('api waits for approval'));
    expect(text(frame)).toContain('echo running the unit tests now');
    expect(text(frame)).toContain('touch /tmp/x0');
    expect(text(frame)).not.toContain('touch /tmp/x29');
    await press(rendered.stdin, 'y');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('read the whole step first'));
    expect(actions.answerApproval).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.pageDown);
    await press(rendered.stdin, KEYS.pageDown);
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('touch /tmp/x29'));
    await press(rendered.stdin, KEYS.up);
    await press(rendered.stdin, 'y');
    expect(actions.answerApproval).toHaveBeenCalledWith('api', 'yes');
    // Answered: the prompt is gone, the grid is back.
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('waits for approval to run'));
  });

  it('a short step is shown whole at once; n refuses; other letters do nothing; Esc goes back', async () => {
    const activity = waiting('shell\nnpm test');
    const store = appStore([paneState('api', { activity })]);
    const { rendered, actions } = start(store);
    await press(rendered.stdin, KEYS.enter);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('2 rows, all shown'));
    await press(rendered.stdin, 'x');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('the step keeps waiting'));
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('waits for approval to run'));
    expect(actions.answerApproval).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.enter);
    await press(rendered.stdin, 'n');
    expect(actions.answerApproval).toHaveBeenCalledWith('api', 'no');
  });

  it('closes when its step is no longer the one waiting: a y never answers a step not shown', async () => {
    const store = appStore([paneState('api', { activity: waiting('shell\nnpm test') })]);
    const { rendered, actions } = start(store);
    await press(rendered.stdin, KEYS.enter);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('npm test'));
    store.update((s) => ({
      ...s,
      panes: s.panes.map((p) => ({ ...p, activity: { ...waiting('shell\nrm -rf build'), since: 2000 } })),
    }));
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('waits for approval to run'));
    await press(rendered.stdin, 'y');
    expect(actions.answerApproval).not.toHaveBeenCalled();
  });
});
