// The diff view of an intent in the zoomed pane: d opens it from the queue list, lines coloured,
// one file or all, marked lines and comments sent back as an intent, U undoes after asking once;
// Ctrl+N walks the panes that need the user.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppActions, DiffData } from '../../src/core/app-state.js';
import { applyIntentState } from '../../src/core/pane-feed.js';
import type { PaneState } from '../../src/core/pane-state.js';
import { parsePatch, type ReviewComment } from '../../src/model/diff.js';
import { App } from '../../src/ui/app.js';
import { needsYou, nextNeedingYou } from '../../src/ui/needs-you.js';
import { agentLabel } from '../../src/ui/pane-header.js';
import { appStore, intentView, paneState } from '../support/fixtures.js';
import {
  frameLines,
  KEYS,
  press,
  type Rendered,
  renderSized,
  stripAnsi,
  waitForFrame,
} from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

const PATCH = [
  'diff --git a/a.ts b/a.ts',
  'index 1111111..2222222 100644',
  '--- a/a.ts',
  '+++ b/a.ts',
  '@@ -1,3 +1,4 @@',
  ' one',
  '-two',
  '+TWO',
  '+extra',
  ' three',
  'diff --git a/b.ts b/b.ts',
  'new file mode 100644',
  'index 0000000..3333333',
  '--- /dev/null',
  '+++ b/b.ts',
  '@@ -0,0 +1 @@',
  '+bee',
  '',
].join('\n');

function diffData(): DiffData {
  const files = parsePatch(PATCH, [
    { path: 'a.ts', added: 2, removed: 1 },
    { path: 'b.ts', added: 1, removed: 0 },
  ]);
  return { id: 3, project: 'api', title: 'commit abc1234', files, added: 3, removed: 1 };
}

function setUp(rows = 30) {
  const calls: { review: [number, ReviewComment[], string][]; undo: number[] } = { review: [], undo: [] };
  const done = {
    ...intentView(3, 'shout the second line', 'done'),
    change: { files: 2, added: 3, removed: 1, undone: false },
  };
  const pane = paneState('api', { intents: [intentView(2, 'earlier', 'done', 5), done] });
  const actions: AppActions = {
    loadDiff: async () => diffData(),
    reviewIntent: (id, comments, at) => {
      calls.review.push([id, comments, at]);
      return undefined;
    },
    planUndo: async () => 'revert abc1234 (2 files)',
    undoIntent: (id) => calls.undo.push(id),
  };
  current = renderSized(<App store={appStore([pane])} actions={actions} onQuit={() => {}} />, {
    columns: 90,
    rows,
  });
  return { calls, rendered: current };
}

describe('the diff view', () => {
  it('opens from the queue list with its files, coloured lines and totals; a, n, p switch files', async () => {
    const { rendered } = setUp();
    await press(rendered.stdin, 'z');
    let frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('2 files +3 −1'));
    expect(stripAnsi(frame)).toMatch(/#3 +done .*shout the second line +2 files \+3 −1/);
    await press(rendered.stdin, 'd');
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('+TWO'));
    const plain = stripAnsi(frame);
    expect(plain).toContain('#3 in api · commit abc1234 · 2 files +3 −1 · all files');
    expect(plain).toContain('›━━ a.ts  +2 −1');
    expect(plain).toContain(' ━━ b.ts  +1 −0');
    expect(plain).toContain('+bee');
    expect(plain).not.toContain('index 1111111');
    // Line numbers of the new side (the old one for removed lines).
    expect(plain).toMatch(/^ 2 +-two$/m);
    expect(plain).toMatch(/^ 2 +\+TWO$/m);
    expect(frameLines(frame).length).toBeLessThanOrEqual(30);
    // PgDn moves the cursor a page (here: to the last row, +bee), End and Home too.
    await press(rendered.stdin, KEYS.pageDown);
    await waitForFrame(rendered.lastFrame, (f) => /^›1 +\+bee$/m.test(stripAnsi(f)));
    await press(rendered.stdin, 'a');
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('file 2/2 b.ts'));
    await press(rendered.stdin, 'a');
    await press(rendered.stdin, KEYS.home);
    await press(rendered.stdin, 'a');
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('file 1/2 a.ts'));
    expect(frame).not.toContain('+bee');
    await press(rendered.stdin, 'n');
    frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('file 2/2 b.ts'));
    expect(frame).toContain('+bee');
    expect(frame).not.toContain('+TWO');
    await press(rendered.stdin, 'p');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('file 1/2 a.ts'));
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('━━ a.ts') && f.includes('queue ·'));
  });

  it('marks lines, takes a comment typed in one burst, and sends the review to the front of the queue', async () => {
    const { rendered, calls } = setUp();
    await press(rendered.stdin, 'z');
    await press(rendered.stdin, 'd');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('+TWO'));
    // Rows: header, hunk, " one", "-two", "+TWO", "+extra": mark -two..+TWO and comment, in one chunk.
    rendered.stdin.write('jjjvjckeep it lowercase\r');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('1 comment to send'));
    // A comment on one line, then an Esc asks before dropping the comments.
    rendered.stdin.write('jcand this\r');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('2 comments to send'));
    await press(rendered.stdin, KEYS.escape);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('2 comments not sent: Esc again drops them'));
    await press(rendered.stdin, 's');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes("sent 2 comments on #3: a new intent at the front of api's queue"),
    );
    expect(calls.review).toEqual([
      [
        3,
        [
          { text: 'keep it lowercase', lines: { path: 'a.ts', from: 2, to: 2, text: ['-two', '+TWO'] } },
          { text: 'and this', lines: { path: 'a.ts', from: 3, to: 3, text: ['+extra'] } },
        ],
        'front',
      ],
    ]);
  });

  it('U asks once, U again undoes; any other key keeps the intent', async () => {
    const { rendered, calls } = setUp();
    await press(rendered.stdin, 'z');
    await press(rendered.stdin, 'd');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('+TWO'));
    await press(rendered.stdin, 'U');
    await waitForFrame(rendered.lastFrame, (f) =>
      f.includes('undo #3: revert abc1234 (2 files)? press U again'),
    );
    await press(rendered.stdin, 'j');
    await waitForFrame(rendered.lastFrame, (f) => !f.includes('press U again'));
    expect(calls.undo).toEqual([]);
    await press(rendered.stdin, 'U');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('press U again'));
    await press(rendered.stdin, 'U');
    expect(calls.undo).toEqual([3]);
    // From the queue list too, and a queued intent has no diff yet.
    await press(rendered.stdin, KEYS.escape);
    await press(rendered.stdin, 'U');
    await waitForFrame(rendered.lastFrame, (f) => f.includes('undo #3'));
    await press(rendered.stdin, 'U');
    expect(calls.undo).toEqual([3, 3]);
  });
});

describe('Ctrl+N: the next pane that needs you', () => {
  const now = Date.now();
  const panes: PaneState[] = [
    paneState('api', { activity: { kind: 'thinking', since: now } }),
    paneState('web', { activity: { kind: 'done', at: now }, attention: true }),
    paneState('worker', { intents: [intentView(5, 'x', 'interrupted')] }),
    paneState('auth', { activity: { kind: 'failed', at: now, message: 'boom' } }),
    paneState('mail', { activity: { kind: 'approval', since: now, summary: 'rm -rf build' } }),
    paneState('docs', { activity: { kind: 'done', at: now } }),
  ];

  it('orders approval, failed, interrupted, finished unseen, and walks through them', () => {
    expect(panes.map(needsYou)).toEqual([
      undefined,
      'unseen',
      'interrupted',
      'failed',
      'approval',
      undefined,
    ]);
    const walk: number[] = [];
    let at = 0;
    for (let i = 0; i < 5; i++) {
      at = nextNeedingYou(panes, at)!;
      walk.push(at);
    }
    expect(walk).toEqual([4, 3, 2, 1, 4]);
    expect(nextNeedingYou([panes[0]!, panes[5]!], 0)).toBeUndefined();
  });

  it('keeps interrupted apart from failed, done and idle in the pane header', () => {
    const pane = applyIntentState(paneState('api'), 7, 'interrupted', null, now);
    expect(pane.activity).toEqual({ kind: 'interrupted', at: now, id: 7 });
    expect(agentLabel(pane.activity, now)).toMatchObject({
      text: '⚠ interrupted #7 (r retries)',
      color: 'yellow',
    });
    expect(needsYou(pane)).toBe('interrupted');
    expect(agentLabel(applyIntentState(pane, 8, 'failed', 'boom', now).activity, now).text).toBe(
      '✗ failed: boom',
    );
  });

  it('moves the focus in the app, and says when no pane needs you', async () => {
    current = renderSized(<App store={appStore(panes)} actions={{}} onQuit={() => {}} />, {
      columns: 120,
      rows: 40,
    });
    current.stdin.write('\u000e\u000ez');
    const frame = await waitForFrame(current.lastFrame, (f) => f.includes('queue ·'));
    expect(stripAnsi(frame)).toMatch(/auth/);
    expect(stripAnsi(frame)).not.toMatch(/\bmail\b/);
    current.unmount();
    current = renderSized(<App store={appStore([panes[0]!, panes[5]!])} actions={{}} onQuit={() => {}} />, {
      columns: 120,
      rows: 40,
    });
    await press(current.stdin, '\u000e');
    await waitForFrame(current.lastFrame, (f) => f.includes('no pane needs you'));
  });
});
