import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppActions, AppState } from '../../src/core/app-state.js';
import type { ObservableState } from '../../src/core/observable-state.js';
import { App, NOT_WIRED_QUEUE } from '../../src/ui/app.js';
import { gridLayout } from '../../src/ui/layout.js';
import { textWidth } from '../../src/ui/text.js';
import { appStore, conversation, NAMES, paneState, panes } from '../support/fixtures.js';
import { frameLines, KEYS, press, type Rendered, renderSized, type, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

function start(
  store: ObservableState<AppState>,
  size: { columns: number; rows: number },
  actions: AppActions = {},
) {
  const onQuit = vi.fn();
  current = renderSized(<App store={store} actions={actions} onQuit={onQuit} />, size);
  return { ...current, onQuit };
}

/** Fails when any frame ever written was taller or wider than the terminal, or the last is not full height. */
function expectFramesFit(rendered: Rendered, size: { columns: number; rows: number }, fromFrame = 0) {
  expect(rendered.stdout.frames.length).toBeGreaterThan(fromFrame);
  for (const frame of rendered.stdout.frames.slice(fromFrame)) {
    const lines = frameLines(frame);
    expect(lines.length).toBeLessThanOrEqual(size.rows);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(size.columns);
  }
  expect(frameLines(rendered.lastFrame())).toHaveLength(size.rows);
}

/** The focused pane's name: its border is the heavy one. */
function focusedName(frame: string): string | undefined {
  return frameLines(frame)
    .join('\n')
    .match(/┏━ (?:\d )?(\S+)/)?.[1];
}

describe('grid layout on screen', () => {
  const sizes = [
    { columns: 80, rows: 24 },
    { columns: 120, rows: 40 },
    { columns: 200, rows: 50 },
    { columns: 60, rows: 20 },
  ];
  for (const size of sizes) {
    for (const count of [1, 3, 7, 20]) {
      it(`shows ${count} projects at ${size.columns}x${size.rows} within the terminal`, async () => {
        const rendered = start(appStore(panes(count)), size);
        const frame = await waitForFrame(rendered.lastFrame, (f) => /[╯┛]/.test(f));
        const layout = gridLayout(size.columns, size.rows - 2, count);
        const visible = Math.min(count, layout.visibleRows * layout.columns);
        const text = frameLines(frame).join('\n');
        for (const name of NAMES.slice(0, visible)) expect(text).toMatch(new RegExp(`[─━] (\\d )?${name} `));
        for (const name of NAMES.slice(visible, count))
          expect(text).not.toMatch(new RegExp(`[─━] (\\d )?${name} `));
        expect(text).toContain(`${count} project`);
        expectFramesFit(rendered, size);
      });
    }
  }

  it('re-lays the grid when the terminal is resized, never taller than it', async () => {
    const rendered = start(appStore(panes(7)), { columns: 160, rows: 45 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('mobile'));
    const before = rendered.stdout.frames.length;
    rendered.stdout.resize(60, 20);
    const frame = await waitForFrame(rendered.lastFrame, (f) => frameLines(f).length === 20);
    expect(frame).toContain('showing 1–6');
    expectFramesFit(rendered, { columns: 60, rows: 20 }, before);
  });

  it('says so on a terminal too small for a pane', async () => {
    const rendered = start(appStore(panes(3)), { columns: 15, rows: 4 });
    await waitForFrame(rendered.lastFrame, (f) => /terminal too\s+small/.test(f));
    expectFramesFit(rendered, { columns: 15, rows: 4 });
    await press(rendered.stdin, 'q');
    await press(rendered.stdin, 'q'); // an agent is at work in the fixture: quitting asks twice
    expect(rendered.onQuit).toHaveBeenCalled();
  });

  it('shows the notice in the bottom bar, and new store state at once', async () => {
    const store = appStore(panes(2), { notice: 'model not configured: set OPENAI_API_KEY' });
    const rendered = start(store, { columns: 100, rows: 30 });
    await waitForFrame(rendered.lastFrame, (f) => frameLines(f).at(-1)!.includes('model not configured'));
    store.update((s) => ({
      ...s,
      panes: s.panes.map((p, i) =>
        i === 0 ? { ...p, lines: [...p.lines, { kind: 'assistant', text: 'fresh' }] } : p,
      ),
    }));
    await waitForFrame(rendered.lastFrame, (f) => f.includes('fresh'));
  });
});

describe('focus', () => {
  it('starts on the start project and moves with Tab and Shift+Tab', async () => {
    const rendered = start(appStore(panes(3), { startProject: 'web' }), { columns: 120, rows: 40 });
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'web');
    await press(rendered.stdin, KEYS.tab);
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'worker');
    await press(rendered.stdin, KEYS.tab);
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'api');
    await press(rendered.stdin, KEYS.shiftTab);
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'worker');
  });

  it('moves with arrows in the grid geometry and jumps with number keys', async () => {
    // 7 projects at 160x45: four columns, api web worker billing / auth search mobile.
    const rendered = start(appStore(panes(7)), { columns: 160, rows: 45 });
    const to = async (key: string, name: string) => {
      await press(rendered.stdin, key);
      await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === name);
    };
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'api');
    await to(KEYS.right, 'web');
    await to(KEYS.down, 'search');
    await to(KEYS.right, 'mobile');
    await to(KEYS.right, 'mobile');
    await to(KEYS.up, 'worker');
    await to(KEYS.left, 'web');
    await to('4', 'billing');
    await to(KEYS.down, 'mobile');
    await to('9', 'mobile');
  });

  it('scrolls the grid to keep the focus visible', async () => {
    // 20 projects at 80x24: two columns, three rows of ten on screen.
    const rendered = start(appStore(panes(20)), { columns: 80, rows: 24 });
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'api');
    expect(rendered.lastFrame()).not.toContain('mobile');
    for (let i = 0; i < 6; i++) await press(rendered.stdin, KEYS.tab);
    let frame = await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'mobile');
    expect(frame).toContain('showing 3–8');
    expect(frame).not.toContain(' api ');
    for (let i = 0; i < 6; i++) await press(rendered.stdin, KEYS.down);
    frame = await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'storage');
    expect(frame).toContain('showing 15–20');
    await press(rendered.stdin, KEYS.right);
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'admin');
    await press(rendered.stdin, KEYS.tab);
    frame = await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'api');
    expect(frame).toContain('showing 1–6');
    expectFramesFit(rendered, { columns: 80, rows: 24 });
  });
});

describe('help', () => {
  it('opens with ?, lists every key from the keymap, and closes with Esc or ?', async () => {
    const { BINDINGS, bindingLabel } = await import('../../src/ui/keymap.js');
    // Tall enough for every key at once (the diff view's keys made the list longer).
    const rendered = start(appStore(panes(3)), { columns: 200, rows: 60 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, '?');
    const frame = frameLines(await waitForFrame(rendered.lastFrame, (f) => f.includes('Zoomed pane'))).join(
      '\n',
    );
    for (const binding of BINDINGS) {
      expect(frame).toContain(bindingLabel(binding));
      expect(frame).toContain(binding.description);
    }
    expect(frame).not.toContain('Coming');
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('Zoomed pane'));
    await press(rendered.stdin, '?');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('Zoomed pane'));
    await press(rendered.stdin, '?');
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('Zoomed pane') && f.includes('web'));
  });

  it('says it scrolls at 80×24, and scrolls to the last key', async () => {
    const rendered = start(appStore(panes(3)), { columns: 80, rows: 24 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, '?');
    const frame = await waitForFrame(rendered.lastFrame, (f) =>
      /↑↓ PgUp PgDn scroll · rows 1–\d+ of \d+/.test(f),
    );
    const total = Number(/of (\d+)/.exec(frame)![1]);
    for (let i = 0; i < total; i++) rendered.stdin.write(KEYS.down);
    await waitForFrame(
      rendered.lastFrame,
      (f) => f.includes(`of ${total} · Esc or ? closes`) && f.includes('scroll help'),
    );
    expectFramesFit(rendered, { columns: 80, rows: 24 });
  });

  it('pages with PgDn, PgUp and Space, and jumps with End and Home', async () => {
    const rendered = start(appStore(panes(3)), { columns: 80, rows: 24 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, '?');
    const first = await waitForFrame(rendered.lastFrame, (f) => /rows 1–(\d+) of (\d+)/.test(f));
    const [, shown, total] = /rows 1–(\d+) of (\d+)/.exec(first)!.map(Number);
    // A page keeps one row of the last for context.
    await press(rendered.stdin, KEYS.pageDown);
    await waitForFrame(rendered.lastFrame, (f) => f.includes(`rows ${shown!}–`));
    await press(rendered.stdin, ' ');
    await waitForFrame(rendered.lastFrame, (f) => f.includes(`rows ${2 * shown! - 1}–`));
    await press(rendered.stdin, KEYS.pageUp);
    await waitForFrame(rendered.lastFrame, (f) => f.includes(`rows ${shown!}–`));
    await press(rendered.stdin, KEYS.end);
    await waitForFrame(
      rendered.lastFrame,
      (f) => f.includes(`–${total!} of ${total!}`) && f.includes('the last keys'),
    );
    await press(rendered.stdin, KEYS.home);
    await waitForFrame(rendered.lastFrame, (f) => f.includes(`rows 1–${shown!} of`));
    expectFramesFit(rendered, { columns: 80, rows: 24 });
  });

  it('scrolls on a small terminal and takes every key while open', async () => {
    const rendered = start(appStore(panes(3)), { columns: 60, rows: 20 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, '?');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('Grid'));
    expect(rendered.lastFrame()).not.toContain('close help');
    for (let i = 0; i < 100; i++) rendered.stdin.write(KEYS.down);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('close help'));
    await press(rendered.stdin, 'q');
    expect(rendered.onQuit).not.toHaveBeenCalled();
    expectFramesFit(rendered, { columns: 60, rows: 20 });
  });
});

describe('zoom', () => {
  it('fills the screen with the focused pane, scrolls its history, and Esc returns', async () => {
    const store = appStore([paneState('api', { lines: conversation(200) }), ...panes(3).slice(1)]);
    const rendered = start(store, { columns: 100, rows: 30 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('web'));
    await press(rendered.stdin, KEYS.enter);
    let frame = await waitForFrame(rendered.lastFrame, (f) => !f.includes('web'));
    expect(frame).toContain('line 200');
    expect(frameLines(frame)[1]).toMatch(/^┏━ 1 api ━+┓$/);
    expect(textWidth(frameLines(frame)[1]!)).toBe(100);
    await press(rendered.stdin, KEYS.pageUp);
    frame = await waitForFrame(rendered.lastFrame, (f) => !f.includes('line 200'));
    expect(frame).toMatch(/\d+ rows up · End follows/);
    await press(rendered.stdin, KEYS.home);
    // The oldest line sits right under the header once scrolled to the top.
    frame = await waitForFrame(rendered.lastFrame, (f) => /┃ line 1 +┃/.test(frameLines(f).join('\n')));
    expect(frame).not.toContain('line 200');
    await press(rendered.stdin, KEYS.end);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('line 200'));
    await press(rendered.stdin, KEYS.up);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('line 200') && f.includes('line 199'));
    await press(rendered.stdin, KEYS.down);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('line 200'));
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('web'));
    await press(rendered.stdin, 'z');
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('web'));
    expectFramesFit(rendered, { columns: 100, rows: 30 });
  });
});

describe('tool output', () => {
  it('is hidden in the grid (one row per tool call) and shown under the call when zoomed', async () => {
    const lines = [
      { kind: 'tool' as const, text: 'shell npm test → exit 1' },
      { kind: 'output' as const, text: 'FAIL test/retry.test.ts\n  expected 3 retries, got 2' },
      { kind: 'assistant' as const, text: 'The retry count is off by one.' },
    ];
    const store = appStore([paneState('api', { lines }), ...panes(3).slice(1)]);
    const rendered = start(store, { columns: 100, rows: 30 });
    let frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('off by one'));
    expect(frame).not.toContain('FAIL test/retry.test.ts');
    await press(rendered.stdin, KEYS.enter);
    frame = await waitForFrame(rendered.lastFrame, (f) => !f.includes('web'));
    expect(frame).toContain('FAIL test/retry.test.ts');
    expect(frame).toContain('expected 3 retries, got 2');
  });
});

describe('intent input', () => {
  it('opens in the focused pane, edits, and submits through submitIntent', async () => {
    const submitIntent = vi.fn();
    const rendered = start(appStore(panes(3)), { columns: 120, rows: 40 }, { submitIntent });
    await waitForFrame(rendered.lastFrame, (f) => focusedName(f) === 'api');
    await press(rendered.stdin, KEYS.tab);
    await press(rendered.stdin, 'i');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('Enter queues'));
    await type(rendered.stdin, 'fix teh bug, q');
    await press(rendered.stdin, KEYS.backspace);
    await press(rendered.stdin, KEYS.backspace);
    await press(rendered.stdin, KEYS.backspace);
    for (let i = 0; i < 4; i++) await press(rendered.stdin, KEYS.left);
    await press(rendered.stdin, KEYS.backspace);
    await press(rendered.stdin, KEYS.backspace);
    await type(rendered.stdin, 'he');
    await waitForFrame(rendered.lastFrame, (f) => frameLines(f).join('\n').includes('› fix the bug'));
    expect(rendered.onQuit).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.enter);
    expect(submitIntent).toHaveBeenCalledWith('web', 'fix the bug');
    // The input stays open, empty, for the next intent.
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('› fix the bug') && f.includes('Enter queues'));
  });

  it('says the queue is not wired yet and keeps the text', async () => {
    const rendered = start(appStore(panes(2)), { columns: 100, rows: 30 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, 'i');
    await type(rendered.stdin, 'add tests');
    await press(rendered.stdin, KEYS.enter);
    const frame = frameLines(
      await waitForFrame(rendered.lastFrame, (f) => f.includes('queue not wired')),
    ).join('\n');
    expect(frame).toContain(NOT_WIRED_QUEUE.slice(0, 40));
    expect(frame).toContain('› add tests');
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('› add tests'));
  });
});

describe('actions and quitting', () => {
  it('quits with q and with Ctrl+C, even while typing', async () => {
    const rendered = start(appStore([paneState('api'), paneState('web')]), { columns: 100, rows: 30 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api'));
    await press(rendered.stdin, 'q');
    expect(rendered.onQuit).toHaveBeenCalledTimes(1);
    await press(rendered.stdin, 'i');
    await press(rendered.stdin, KEYS.ctrlC);
    expect(rendered.onQuit).toHaveBeenCalledTimes(2);
  });

  it('asks twice before quitting while agents work (their intents would be interrupted)', async () => {
    const store = appStore([
      paneState('api', { activity: { kind: 'thinking', since: Date.now() } }),
      paneState('web'),
    ]);
    const rendered = start(store, { columns: 120, rows: 30 });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('thinking'));
    await press(rendered.stdin, 'q');
    expect(rendered.onQuit).not.toHaveBeenCalled();
    await waitForFrame(rendered.lastFrame, (f) => f.includes('1 agent is working: press q again to quit'));
    await press(rendered.stdin, KEYS.tab); // any other key disarms
    await press(rendered.stdin, 'q');
    expect(rendered.onQuit).not.toHaveBeenCalled();
    await press(rendered.stdin, 'q');
    expect(rendered.onQuit).toHaveBeenCalledTimes(1);
    await press(rendered.stdin, KEYS.ctrlC);
    await press(rendered.stdin, KEYS.ctrlC);
    expect(rendered.onQuit).toHaveBeenCalledTimes(2);
  });

  it('cancels a running agent with Esc then Enter, and only a running one; Esc Esc cancels nothing', async () => {
    const cancel = vi.fn();
    const store = appStore([
      paneState('api', { activity: { kind: 'thinking', since: Date.now() } }),
      paneState('web'),
    ]);
    const rendered = start(store, { columns: 100, rows: 30 }, { cancel });
    await waitForFrame(rendered.lastFrame, (f) => f.includes('thinking'));
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('cancel the running turn of api? Enter cancels it'),
    );
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('cancel the running turn'));
    expect(cancel).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, KEYS.enter);
    expect(cancel).toHaveBeenCalledWith('api');
    await press(rendered.stdin, KEYS.tab);
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, KEYS.enter);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('answers an approval in its prompt only, or says approvals are not wired', async () => {
    const answerApproval = vi.fn();
    const waiting = appStore([
      paneState('api', { activity: { kind: 'approval', since: Date.now(), summary: 'rm -rf dist' } }),
    ]);
    const rendered = start(waiting, { columns: 100, rows: 30 }, { answerApproval });
    const frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('⚠ rm -rf dist'));
    expect(frame).toContain('Enter reviews it whole, to answer it');
    // y in the grid is a letter: it starts an intent and answers nothing.
    await press(rendered.stdin, 'y');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('› y'));
    expect(answerApproval).not.toHaveBeenCalled();
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, KEYS.enter);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('api waits for approval to run this step'));
    await press(rendered.stdin, 'a');
    expect(answerApproval.mock.calls).toEqual([['api', 'always']]);
    rendered.unmount();
    const unwired = start(waiting, { columns: 100, rows: 30 });
    await waitForFrame(unwired.lastFrame, (f) => f.includes('waiting for approval'));
    await press(unwired.stdin, KEYS.enter);
    await press(unwired.stdin, 'n');
    await waitForFrame(unwired.lastFrame, (f) => f.includes('approvals not wired yet'));
    await press(unwired.stdin, KEYS.tab);
    await waitForFrame(unwired.lastFrame, (f) => !f.includes('approvals not wired yet'));
  });
});
