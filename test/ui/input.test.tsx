// The intent input: queue and stay open, steer, history, multi-line (paste, Ctrl+J), @ completion.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppActions, AppState } from '../../src/core/app-state.js';
import type { ObservableState } from '../../src/core/observable-state.js';
import { App } from '../../src/ui/app.js';
import { textRows } from '../../src/ui/intent-input.js';
import {
  completeReference,
  openInput,
  remember,
  sentNote,
  walkHistory,
} from '../../src/ui/intent-input-state.js';
import { textWidth } from '../../src/ui/text.js';
import { appStore, intentView, paneState, queueCore } from '../support/fixtures.js';
import { frameLines, KEYS, press, type Rendered, renderSized, type, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

const SIZE = { columns: 100, rows: 24 };
const PASTE = (text: string) => `\u001b[200~${text}\u001b[201~`;

function start(store: ObservableState<AppState>, actions: AppActions) {
  current = renderSized(<App store={store} actions={actions} onQuit={() => {}} />, SIZE);
  return current;
}

function expectFramesFit(rendered: Rendered) {
  for (const frame of rendered.stdout.frames) {
    const lines = frameLines(frame);
    expect(lines.length).toBeLessThanOrEqual(SIZE.rows);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(SIZE.columns);
  }
}

/** The focused pane's inner rows (between its heavy borders). */
function focusedRows(frame: string): string[] {
  return frameLines(frame).flatMap((line) => {
    const match = /┃ (.*) ┃/.exec(line);
    return match ? [match[1]!.trimEnd()] : [];
  });
}

/** The input's text rows (after the prompt), as shown in the focused pane. */
function inputText(frame: string): string[] {
  const rows = focusedRows(frame);
  const first = rows.findIndex((r) => r.startsWith('› '));
  if (first === -1) return [];
  return rows.slice(first).map((r) => r.slice(2));
}

/** The focused pane's rows joined with spaces: a wrapped note reads as one line. */
const paneText = (frame: string) => focusedRows(frame).join(' ').replace(/ +/g, ' ');

function workspace(activity: AppState['panes'][number]['activity'] = { kind: 'idle' }) {
  return appStore([paneState('api', { activity }), paneState('api-gateway'), paneState('web')]);
}

describe('intent input in the app', () => {
  it('Enter queues and stays open, empty, with a confirmation from the queue; Esc closes', async () => {
    const store = workspace();
    const core = queueCore(store);
    const actions = { ...core, submitIntent: vi.fn(core.submitIntent) };
    const rendered = start(store, actions);
    await press(rendered.stdin, 'i');
    await type(rendered.stdin, 'fix the flaky test');
    await press(rendered.stdin, KEYS.enter);
    expect(actions.submitIntent).toHaveBeenCalledWith('api', 'fix the flaky test');
    let frame = await waitForFrame(rendered.lastFrame, (f) => paneText(f).includes('queued #1 (1 waiting)'));
    expect(frame).toContain('Enter queues');
    await type(rendered.stdin, 'then bump vitest');
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('› then bump vitest'));
    expect(frame).not.toContain('queued #1');
    await press(rendered.stdin, KEYS.enter);
    await waitForFrame(
      rendered.lastFrame,
      (f) => paneText(f).includes('queued #2 (2 waiting)') && f.includes('queue 2'),
    );
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('Enter queues'));
    expectFramesFit(rendered);
  });

  it('Tab steers a running turn; with nothing running it says so and keeps the text', async () => {
    const store = workspace({ kind: 'thinking', since: Date.now() });
    const steer = vi.fn();
    const rendered = start(store, { ...queueCore(store), steer });
    await press(rendered.stdin, 'i');
    await type(rendered.stdin, 'use the fake clock instead');
    await press(rendered.stdin, KEYS.tab);
    expect(steer).toHaveBeenCalledWith('api', 'use the fake clock instead');
    await waitForFrame(
      rendered.lastFrame,
      (f) => paneText(f).includes('steered: the running turn') && f.includes('Enter queues'),
    );
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, '3');
    await press(rendered.stdin, 'i');
    await type(rendered.stdin, 'idle pane');
    await press(rendered.stdin, KEYS.tab);
    const frame = await waitForFrame(rendered.lastFrame, (f) =>
      paneText(f).includes('nothing running: Enter queues it'),
    );
    expect(frame).toContain('› idle pane');
    expect(steer).toHaveBeenCalledTimes(1);
  });

  it('Up and Down walk the texts submitted this session, most recent first, keeping the draft', async () => {
    const store = workspace();
    const rendered = start(store, queueCore(store));
    await press(rendered.stdin, 'i');
    for (const text of ['first intent', 'second intent']) {
      await type(rendered.stdin, text);
      await press(rendered.stdin, KEYS.enter);
    }
    await type(rendered.stdin, 'draft');
    const shows = (text: string) => waitForFrame(rendered.lastFrame, (f) => inputText(f)[0] === text);
    await press(rendered.stdin, KEYS.up);
    await shows('second intent');
    await press(rendered.stdin, KEYS.up);
    await shows('first intent');
    await press(rendered.stdin, KEYS.up);
    await shows('first intent');
    await press(rendered.stdin, KEYS.down);
    await shows('second intent');
    await press(rendered.stdin, KEYS.down);
    await shows('draft');
    // History is per app: another pane's input walks the same list.
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, '3');
    await press(rendered.stdin, 'i');
    await press(rendered.stdin, KEYS.up);
    await shows('second intent');
  });

  it('takes a multi-line paste as one intent, Ctrl+J adds a line, the box grows to five rows then scrolls', async () => {
    const store = workspace();
    const core = queueCore(store);
    const actions = { ...core, submitIntent: vi.fn(core.submitIntent) };
    const rendered = start(store, actions);
    await press(rendered.stdin, 'i');
    await press(rendered.stdin, PASTE('fix the parser:\r\n- keep comments\n- keep blank lines'));
    let frame = await waitForFrame(rendered.lastFrame, (f) => inputText(f).length === 3);
    expect(inputText(frame)).toEqual(['fix the parser:', '- keep comments', '- keep blank lines']);
    for (const line of ['a', 'b', 'c', 'd']) {
      await press(rendered.stdin, '\n');
      await type(rendered.stdin, line);
    }
    frame = await waitForFrame(rendered.lastFrame, (f) => inputText(f).at(-1) === 'd');
    expect(inputText(frame)).toEqual(['- keep comments', '- keep blank lines', 'a', 'b', 'c', 'd'].slice(1));
    expectFramesFit(rendered);
    await press(rendered.stdin, KEYS.enter);
    expect(actions.submitIntent).toHaveBeenCalledWith(
      'api',
      'fix the parser:\n- keep comments\n- keep blank lines\na\nb\nc\nd',
    );
    // A paste without bracketed-paste markers (one chunk with newlines) is one intent too.
    await press(rendered.stdin, 'one\ntwo');
    await waitForFrame(rendered.lastFrame, (f) => inputText(f).join('|') === 'one|two');
    expect(actions.submitIntent).toHaveBeenCalledTimes(1);
  });

  it('completes @name with Tab, cycling through several matches shown on one dim line', async () => {
    const store = workspace({ kind: 'thinking', since: Date.now() });
    const steer = vi.fn();
    const rendered = start(store, { ...queueCore(store), steer });
    await press(rendered.stdin, 'i');
    await type(rendered.stdin, 'do it like @a');
    let frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('@api  @api-gateway'));
    expect(frame).not.toContain('@web');
    await press(rendered.stdin, KEYS.tab);
    await waitForFrame(rendered.lastFrame, (f) => inputText(f)[0] === 'do it like @api');
    await press(rendered.stdin, KEYS.tab);
    await waitForFrame(rendered.lastFrame, (f) => inputText(f)[0] === 'do it like @api-gateway');
    await press(rendered.stdin, KEYS.tab);
    await waitForFrame(rendered.lastFrame, (f) => inputText(f)[0] === 'do it like @api');
    await type(rendered.stdin, ' and @w');
    await press(rendered.stdin, KEYS.tab);
    frame = await waitForFrame(rendered.lastFrame, (f) => inputText(f)[0] === 'do it like @api and @web');
    expect(steer).not.toHaveBeenCalled();
    // Away from an @, Tab steers again.
    await type(rendered.stdin, 'did');
    await press(rendered.stdin, KEYS.tab);
    expect(steer).toHaveBeenCalledWith('api', 'do it like @api and @web did');
  });
});

describe('intent input state', () => {
  it('wraps the text into rows with the cursor, keeping five around it', () => {
    const rows = textRows({ text: 'abcdefgh', cursor: 8 }, 5);
    expect(rows).toEqual([
      { before: 'abcd', after: '' },
      { before: 'efgh', at: ' ', after: '' },
    ]);
    expect(textRows({ text: 'ab\ncd', cursor: 1 }, 10)).toEqual([
      { before: 'a', at: 'b', after: '' },
      { before: 'cd', after: '' },
    ]);
    const long = Array.from({ length: 9 }, (_, i) => `line ${i}`).join('\n');
    expect(textRows({ text: long, cursor: 0 }, 20).map((r) => r.before + (r.at ?? ''))).toHaveLength(5);
    expect(textRows({ text: long, cursor: long.length }, 20).at(-1)!.before).toBe('line 8');
    expect(
      textRows({ text: '日本語です', cursor: 0 }, 5).map((r) => r.before + (r.at ?? '') + r.after),
    ).toEqual(['日本', '語で', 'す']);
  });

  it('walks history and keeps the draft; remember keeps one copy, newest first', () => {
    const history = remember(remember(remember([], 'a'), 'b'), 'a');
    expect(history).toEqual(['a', 'b']);
    const draft = { ...openInput('api'), text: 'dr', cursor: 2 };
    const older = walkHistory(draft, history, 'older')!;
    expect(older.text).toBe('a');
    expect(walkHistory(walkHistory(older, history, 'older')!, history, 'older')).toBeUndefined();
    expect(walkHistory(older, history, 'newer')!.text).toBe('dr');
    expect(walkHistory(draft, history, 'newer')).toBeUndefined();
  });

  it('completes only right after an @, and says when nothing matches', () => {
    const names = ['api', 'web'];
    expect(completeReference({ ...openInput('x'), text: 'email@a', cursor: 7 }, names)).toBeUndefined();
    expect(completeReference({ ...openInput('x'), text: '@zz', cursor: 3 }, names)!.note).toBe(
      'no project matches @zz',
    );
    const mid = completeReference({ ...openInput('x'), text: 'see @w now', cursor: 6 }, names)!;
    expect(mid.text).toBe('see @web now');
  });

  it('derives the confirmation from the queue core wrote', () => {
    const sent = { projects: ['api'], text: 'x', afterId: 4 };
    const pane = paneState('api', { intents: [intentView(5, 'x', 'running')], queueLength: 0 });
    expect(sentNote(sent, [pane])).toBe('queued #5 → running');
    expect(sentNote(sent, [paneState('api')])).toBe('queued');
  });
});

describe('typeahead in the grid', () => {
  it('keys read in one chunk are handled one by one: `3i` then text lands in pane 3 input', async () => {
    const submitIntent = vi.fn();
    const rendered = start(workspace(), { submitIntent });
    rendered.stdin.write('3ifix the flaky test');
    await waitForFrame(
      rendered.lastFrame,
      (frame) => /┏━ 3 web/.test(frame) && paneText(frame).includes('fix the flaky test'),
    );
    await press(rendered.stdin, KEYS.enter);
    expect(submitIntent).toHaveBeenCalledWith('web', 'fix the flaky test');
  });
});
