// The zoomed pane's queue: the list on screen, its keys and what they ask of core; plus the grid's
// `r`, focus reporting and the multi-selection fan-out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppActions, AppState } from '../../src/core/app-state.js';
import type { ObservableState } from '../../src/core/observable-state.js';
import { App } from '../../src/ui/app.js';
import { textWidth } from '../../src/ui/text.js';
import { appStore, conversation, intentView, paneState, panes, queueCore } from '../support/fixtures.js';
import { frameLines, KEYS, press, type Rendered, renderSized, type, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

const SIZE = { columns: 100, rows: 30 };

function start(store: ObservableState<AppState>, actions: AppActions, size = SIZE) {
  current = renderSized(<App store={store} actions={actions} onQuit={() => {}} />, size);
  return current;
}

function expectFramesFit(rendered: Rendered, size = SIZE) {
  for (const frame of rendered.stdout.frames) {
    const lines = frameLines(frame);
    expect(lines.length).toBeLessThanOrEqual(size.rows);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(size.columns);
  }
}

/** The queue rows of the frame: `#id state` pairs in screen order. */
function queueOrder(frame: string): string[] {
  return [
    ...frameLines(frame)
      .join('\n')
      .matchAll(/#(\d+) +(queued|running|done|failed|cancelled|interrupted)/g),
  ].map((m) => `${m[1]} ${m[2]}`);
}

function apiWithQueue(
  intents = [
    intentView(1, 'set up the retry clock', 'done', 30),
    intentView(2, 'make the flaky test deterministic', 'failed', 20),
    intentView(3, 'document the clock injection', 'queued', 5),
    intentView(4, 'bump vitest', 'queued', 4),
    intentView(5, 'drop the old timers helper', 'queued', 3),
  ],
) {
  return appStore([
    paneState('api', {
      lines: conversation(40),
      intents,
      queueLength: intents.filter((intent) => intent.state === 'queued').length,
    }),
    paneState('web'),
  ]);
}

describe('zoomed pane: the queue', () => {
  it('lists the intents with state and age above the conversation, the first waiting one selected', async () => {
    const rendered = start(apiWithQueue(), {});
    await waitForFrame(rendered.lastFrame, (f) => f.includes('web'));
    await press(rendered.stdin, 'z');
    const frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('queue · 3 waiting'));
    const lines = frameLines(frame);
    expect(queueOrder(frame)).toEqual(['1 done', '2 failed', '3 queued', '4 queued', '5 queued']);
    expect(lines.find((l) => l.includes('#3'))).toMatch(/┃ › #3 queued +5m +document the clock injection/);
    expect(lines.find((l) => l.includes('#2'))).toContain('no model configured');
    // The conversation is still there, below the list.
    expect(frame).toContain('line 40');
    expect(lines.findIndex((l) => l.includes('#5'))).toBeLessThan(
      lines.findIndex((l) => l.includes('line 40')),
    );
    expect(lines.at(-1)).toContain('K/J move');
    expectFramesFit(rendered);
  });

  it('moves, edits, removes (after a second x) and retries through the actions', async () => {
    const store = apiWithQueue();
    const core = queueCore(store);
    const actions = {
      moveIntent: vi.fn(core.moveIntent),
      editIntent: vi.fn(core.editIntent),
      deleteIntent: vi.fn(core.deleteIntent),
      retryIntent: vi.fn(core.retryIntent),
    };
    const rendered = start(store, actions);
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queue · 3 waiting'));
    // #3 is selected: J moves it below #4; the cursor follows it.
    await press(rendered.stdin, 'J');
    expect(actions.moveIntent).toHaveBeenLastCalledWith(3, 'down');
    await waitForFrame(
      rendered.lastFrame,
      (f) => queueOrder(f).join(',') === '1 done,2 failed,4 queued,3 queued,5 queued',
    );
    await press(rendered.stdin, 'K');
    expect(actions.moveIntent).toHaveBeenLastCalledWith(3, 'up');
    // Up twice: the done #1; K and r on it say why not.
    await press(rendered.stdin, KEYS.up);
    await press(rendered.stdin, 'k');
    await press(rendered.stdin, 'K');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('#1 is done: only queued intents can be moved'));
    expect(actions.moveIntent).toHaveBeenCalledTimes(2);
    await press(rendered.stdin, 'r');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('#1 is done: only failed/interrupted/cancelled'),
    );
    expect(actions.retryIntent).not.toHaveBeenCalled();
    await press(rendered.stdin, 'j');
    await press(rendered.stdin, 'r');
    expect(actions.retryIntent).toHaveBeenCalledWith(2);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queue · 4 waiting'));
    // e edits #2 (queued again now): the input opens prefilled, Enter saves.
    await press(rendered.stdin, 'e');
    // The footer says what Enter does here: it saves, it queues nothing new.
    await waitForFrame(
      rendered.lastFrame,
      (f) => f.includes('editing #2') && f.includes('Enter save the edit'),
    );
    await type(rendered.stdin, ' now');
    await press(rendered.stdin, KEYS.enter);
    expect(actions.editIntent).toHaveBeenCalledWith(2, 'make the flaky test deterministic now');
    await waitForFrame(
      rendered.lastFrame,
      (f) => f.includes('deterministic now') && !f.includes('editing #2'),
    );
    // x asks, a second x removes; another key in between keeps it.
    await press(rendered.stdin, 'x');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('remove #2? press x again'));
    await press(rendered.stdin, 'j');
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('remove #2?'));
    expect(actions.deleteIntent).not.toHaveBeenCalled();
    await press(rendered.stdin, 'x');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('remove #3? press x again'));
    await press(rendered.stdin, 'x');
    expect(actions.deleteIntent).toHaveBeenCalledWith(3);
    await waitForFrame(
      rendered.lastFrame,
      (f) => queueOrder(f).join(',') === '1 done,2 queued,4 queued,5 queued',
    );
    expectFramesFit(rendered);
  });

  it('after a remove the cursor stays in its place: on the next intent, or on the one before the last', async () => {
    const store = apiWithQueue([
      intentView(1, 'set up the retry clock', 'running', 30),
      intentView(3, 'document the clock injection', 'queued', 5),
      intentView(4, 'bump vitest', 'queued', 4),
      intentView(5, 'drop the old timers helper', 'queued', 3),
    ]);
    const core = queueCore(store);
    const rendered = start(store, { deleteIntent: vi.fn(core.deleteIntent) });
    const cursorOn = (frame: string) => /› #(\d+)/.exec(frame)?.[1];
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => cursorOn(f) === '1');
    await press(rendered.stdin, 'j');
    await press(rendered.stdin, 'j');
    await waitForFrame(rendered.lastFrame, (f) => cursorOn(f) === '4');
    await press(rendered.stdin, 'x');
    await press(rendered.stdin, 'x');
    await waitForFrame(rendered.lastFrame, (f) => queueOrder(f).join(',') === '1 running,3 queued,5 queued');
    expect(cursorOn(rendered.lastFrame()!)).toBe('5');
    await press(rendered.stdin, 'x');
    await press(rendered.stdin, 'x');
    await waitForFrame(rendered.lastFrame, (f) => queueOrder(f).join(',') === '1 running,3 queued');
    expect(cursorOn(rendered.lastFrame()!)).toBe('3');
    expectFramesFit(rendered);
  });

  it('u on an intent that ran asks once with what it will restore; a second u restores, another key keeps the files', async () => {
    const store = apiWithQueue();
    const actions = {
      planRestore: vi.fn(async (id: number) =>
        id === 2 ? { count: 0, files: '' } : { count: 2, files: 'a.ts, notes/plan.md' },
      ),
      restoreIntent: vi.fn(async (_id: number) => undefined),
    };
    const rendered = start(store, actions);
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queue · 3 waiting'));
    // #3 is queued: nothing ran, nothing to restore.
    await press(rendered.stdin, 'u');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('#3 is queued: restore works on intents that have run'),
    );
    await press(rendered.stdin, 'k');
    await press(rendered.stdin, 'u');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('nothing to restore: the files are as they were before #2'),
    );
    await press(rendered.stdin, 'k');
    await press(rendered.stdin, 'u');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('restore 2 files (a.ts, notes/plan.md) as before #1? press u again'),
    );
    await press(rendered.stdin, 'j');
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('as before #1?'));
    expect(actions.restoreIntent).not.toHaveBeenCalled();
    await press(rendered.stdin, 'k');
    await press(rendered.stdin, 'u');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('as before #1? press u again'));
    await press(rendered.stdin, 'u');
    expect(actions.restoreIntent).toHaveBeenCalledWith(1);
    expect(actions.planRestore).toHaveBeenCalledTimes(3);
    expectFramesFit(rendered);
  });

  it('a second u whose plan went stale restores nothing and asks again with the plan as it is now', async () => {
    const store = apiWithQueue();
    const fresh = [{ count: 1, files: 'a.ts' }, undefined];
    const actions = {
      planRestore: vi.fn(async () => ({ count: 2, files: 'a.ts, notes/plan.md' })),
      restoreIntent: vi.fn(async (_id: number) => fresh.shift()),
    };
    const rendered = start(store, actions);
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queue · 3 waiting'));
    await press(rendered.stdin, 'k');
    await press(rendered.stdin, 'k');
    await press(rendered.stdin, 'u');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('restore 2 files (a.ts, notes/plan.md) as before #1?'),
    );
    await press(rendered.stdin, 'u');
    // The session planned again and found the files changed: the new plan is the question now.
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('the files changed since, nothing restored · now: restore 1 file (a.ts) as before #1?'),
    );
    await press(rendered.stdin, 'u');
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('as before #1?'));
    expect(actions.restoreIntent).toHaveBeenCalledTimes(2);
    expect(actions.planRestore).toHaveBeenCalledTimes(1);
    expectFramesFit(rendered);
  });

  it('Tab gives the keys to the conversation (arrows scroll) and back; p pauses, C compacts, R resets after asking', async () => {
    const store = apiWithQueue();
    const core = queueCore(store);
    const actions = {
      ...core,
      togglePause: vi.fn(core.togglePause),
      compactContext: vi.fn(),
      resetContext: vi.fn(),
      moveIntent: vi.fn(),
    };
    const rendered = start(store, actions);
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('queue · 3 waiting'));
    await press(rendered.stdin, KEYS.tab);
    await press(rendered.stdin, KEYS.up);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('line 40') && f.includes('rows up'));
    await press(rendered.stdin, 'K');
    expect(actions.moveIntent).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.tab);
    await press(rendered.stdin, 'K');
    expect(actions.moveIntent).toHaveBeenCalledWith(3, 'up');
    await press(rendered.stdin, 'p');
    expect(actions.togglePause).toHaveBeenCalledWith('api');
    await waitForFrame(
      rendered.lastFrame,
      (f) => f.includes('queue 3 paused') && f.includes('paused (p resumes)'),
    );
    await press(rendered.stdin, 'C');
    expect(actions.compactContext).toHaveBeenCalledWith('api');
    await press(rendered.stdin, 'R');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('reset the context of api? press R again'));
    expect(actions.resetContext).not.toHaveBeenCalled();
    await press(rendered.stdin, 'R');
    expect(actions.resetContext).toHaveBeenCalledWith('api');
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('web'));
  });

  it('keeps a long queue within the pane, scrolled to the selection, at every size', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      intentView(i + 1, `intent number ${i + 1}`, 'queued', 40 - i),
    );
    const store = appStore([paneState('api', { intents: many, queueLength: 40, lines: conversation(100) })]);
    const size = { columns: 60, rows: 20 };
    const rendered = start(store, queueCore(store), size);
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('#1 '));
    // A held arrow arrives as one burst, before React re-renders: no step may be lost.
    await press(rendered.stdin, KEYS.down.repeat(10));
    await waitForFrame(rendered.lastFrame, (f) => /› #11 /.test(f));
    for (let i = 0; i < 20; i++) await press(rendered.stdin, 'j');
    const frame = await waitForFrame(rendered.lastFrame, (f) => /› #31/.test(f));
    expect(frame).not.toContain('#1 ');
    expect(frame).toContain('line 100');
    expectFramesFit(rendered, size);
    expect(frameLines(rendered.lastFrame())).toHaveLength(size.rows);
  });
});

describe('grid: retry, focus reporting, selection', () => {
  it('r retries the last intent of a pane when it was interrupted or failed', async () => {
    const retryIntent = vi.fn();
    const store = appStore([
      paneState('api', {
        intents: [intentView(7, 'old', 'failed', 50), intentView(8, 'crashed mid-way', 'interrupted', 10)],
      }),
      paneState('web', { intents: [intentView(9, 'fine', 'done', 5)] }),
    ]);
    const rendered = start(store, { retryIntent });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('web'));
    await press(rendered.stdin, 'r');
    expect(retryIntent).toHaveBeenCalledWith(8);
    await press(rendered.stdin, KEYS.tab);
    await press(rendered.stdin, 'r');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('nothing to retry'));
    expect(retryIntent).toHaveBeenCalledTimes(1);
  });

  it('r in the grid retries a cancelled intent, as the zoomed queue and `shipyard retry` do', async () => {
    const retryIntent = vi.fn();
    const store = appStore([paneState('api', { intents: [intentView(4, 'stopped', 'cancelled', 10)] })]);
    const rendered = start(store, { retryIntent });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, 'r');
    expect(retryIntent).toHaveBeenCalledWith(4);
  });

  it('reports the focus at start and on every change', async () => {
    const focusChanged = vi.fn();
    const rendered = start(appStore(panes(3), { startProject: 'web' }), { focusChanged });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('worker'));
    expect(focusChanged.mock.calls).toEqual([['web']]);
    await press(rendered.stdin, KEYS.tab);
    await press(rendered.stdin, '1');
    await press(rendered.stdin, '1');
    expect(focusChanged.mock.calls).toEqual([['web'], ['worker'], ['api']]);
  });

  it('Space selects panes, i queues one intent into each, Esc clears the selection before cancelling', async () => {
    const store = appStore([
      paneState('api', { activity: { kind: 'thinking', since: Date.now() } }),
      paneState('web'),
      paneState('worker'),
    ]);
    const core = queueCore(store);
    const actions = { ...core, submitIntent: vi.fn(core.submitIntent), cancel: vi.fn() };
    const rendered = start(store, actions, { columns: 120, rows: 30 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('worker'));
    await press(rendered.stdin, ' ');
    await press(rendered.stdin, '3');
    await press(rendered.stdin, ' ');
    let frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('2 selected'));
    expect(frame).toMatch(/✓ 1 api/);
    expect(frame).toMatch(/✓ 3 worker/);
    expect(frame).not.toMatch(/✓ 2 web/);
    await press(rendered.stdin, 'i');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('→ queues into api, worker'));
    await type(rendered.stdin, 'port the fix from @web');
    await press(rendered.stdin, KEYS.enter);
    expect(actions.submitIntent.mock.calls).toEqual([
      ['api', 'port the fix from @web'],
      ['worker', 'port the fix from @web'],
    ]);
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('queued #1 in api'));
    expect(frame).toContain('queued #2 in worker');
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, '1');
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('selected') && !f.includes('✓'));
    expect(actions.cancel).not.toHaveBeenCalled();
    // Cancelling asks first: Enter confirms.
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('cancel the running turn of api?'));
    expect(actions.cancel).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.enter);
    expect(actions.cancel).toHaveBeenCalledWith('api');
    expectFramesFit(rendered, { columns: 120, rows: 30 });
  });
});
