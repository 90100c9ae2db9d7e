// The pure reducers that turn agent events and intent states into what a pane shows.
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { applyAgentEvent, applyIntentState, queueViews } from '../../src/core/pane-feed.js';
import type { PaneState } from '../../src/core/pane-state.js';
import type { Intent } from '../../src/model/intent.js';

const pane = (): PaneState => ({
  project: { name: 'api', path: '/p/api', pinned: false },
  activity: { kind: 'idle' },
  lines: [{ kind: 'user', text: 'fix it' }],
  queueLength: 0,
});

const feed = (start: PaneState, events: AgentEvent[]) =>
  events.reduce((p, e) => applyAgentEvent(p, e, 1000), start);

describe('applyAgentEvent', () => {
  it('streams text into one line per step, tool calls as their own lines, usage added up', () => {
    const after = feed(pane(), [
      { type: 'step', step: 1 },
      { type: 'text', delta: 'Looking ' },
      { type: 'text', delta: '\u001b[31mat it\u001b[0m' },
      { type: 'tool-start', callId: 'c1', name: 'shell', summary: 'shell npm test' },
      {
        type: 'tool-end',
        callId: 'c1',
        name: 'shell',
        summary: 'shell npm test → exit 1',
        isError: false,
        durationMs: 5,
        preview: 'FAIL test/a.test.ts\n1 failed',
      },
      { type: 'usage', input: 100, cached: 60, output: 10 },
      { type: 'step', step: 2 },
      { type: 'text', delta: 'Fixed.' },
      { type: 'usage', input: 150, cached: 100, output: 5 },
    ]);
    expect(after.lines).toEqual([
      { kind: 'user', text: 'fix it' },
      { kind: 'assistant', text: 'Looking at it' },
      { kind: 'tool', text: 'shell npm test → exit 1' },
      { kind: 'output', text: 'FAIL test/a.test.ts\n1 failed' },
      { kind: 'assistant', text: 'Fixed.' },
    ]);
    expect(after.tokens).toEqual({ input: 250, cached: 160, output: 15 });
    expect(after.activity).toEqual({ kind: 'thinking', since: 1000 });
  });

  it('opens the approval prompt, and on the answer shows the tool running (yes) or the agent thinking (no)', () => {
    const asked = feed(pane(), [
      { type: 'tool-start', callId: 'c1', name: 'shell', summary: 'shell npm test' },
      { type: 'approval', tool: 'shell', summary: 'shell npm test', detail: 'shell\nnpm test' },
    ]);
    expect(asked.activity).toEqual({
      kind: 'approval',
      since: 1000,
      summary: 'shell npm test',
      detail: 'shell\nnpm test',
    });
    const approved = feed(asked, [{ type: 'approved', answer: 'always' }]);
    expect(approved.activity).toEqual({ kind: 'tool', since: 1000, summary: 'shell npm test' });
    expect(feed(asked, [{ type: 'approved', answer: 'no' }]).activity).toEqual({
      kind: 'thinking',
      since: 1000,
    });
    // An answer that arrives after the prompt closed (the intent ended meanwhile) changes nothing.
    expect(feed(approved, [{ type: 'approved', answer: 'yes' }])).toEqual(approved);
  });

  it('keeps a streaming answer in one line when a steering note is shown meanwhile', () => {
    let state = feed(pane(), [
      { type: 'step', step: 1 },
      { type: 'text', delta: 'Done: I read the tree and the his' },
    ]);
    state = feed(state, [{ type: 'steer', text: 'use port 8080' }]);
    state = feed(state, [{ type: 'text', delta: 'tory.' }]);
    expect(state.lines.map((line) => line.text)).toEqual([
      'fix it',
      'Done: I read the tree and the history.',
      '(steer) use port 8080',
    ]);
  });

  it('drops the partial text of a step whose stream broke (discard)', () => {
    const state = feed(pane(), [
      { type: 'step', step: 1 },
      { type: 'text', delta: 'half an ans' },
      { type: 'discard', step: 1 },
      { type: 'step', step: 1 },
      { type: 'text', delta: 'a whole answer' },
    ]);
    expect(state.lines.map((line) => line.text)).toEqual(['fix it', 'a whole answer']);
  });

  it('shows retries and errors from tools', () => {
    const state = feed(pane(), [
      {
        type: 'retrying',
        attempt: 2,
        delayMs: 3000,
        message: 'rate limited (429); retrying in 3s (attempt 2/5)',
      },
    ]);
    expect(state.activity).toEqual({
      kind: 'retrying',
      since: 1000,
      message: 'rate limited (429); retrying in 3s (attempt 2/5)',
    });
    const failed = feed(pane(), [
      {
        type: 'tool-end',
        callId: 'x',
        name: 'read_file',
        summary: 'read_file ../x (refused)',
        isError: true,
        durationMs: 1,
      },
    ]);
    expect(failed.lines.at(-1)).toEqual({ kind: 'error', text: 'read_file ../x (refused)' });
  });
});

describe('applyIntentState', () => {
  it('marks done, failed (with the error line), cancelled and interrupted', () => {
    expect(applyIntentState(pane(), 1, 'done', null, 5).activity).toEqual({ kind: 'done', at: 5 });
    const failed = applyIntentState(pane(), 1, 'failed', 'model endpoint refused the API key (401)', 5);
    expect(failed.activity).toEqual({
      kind: 'failed',
      at: 5,
      message: 'model endpoint refused the API key (401)',
    });
    expect(failed.lines.at(-1)).toEqual({ kind: 'error', text: 'model endpoint refused the API key (401)' });
    expect(applyIntentState(pane(), 1, 'cancelled', null).lines.at(-1)?.text).toBe('cancelled');
    expect(applyIntentState(pane(), 7, 'interrupted', null).lines.at(-1)?.text).toMatch(
      /#7 was interrupted.*r to retry/,
    );
  });
});

describe('queueViews', () => {
  const intent = (id: number, projectPath: string, state: Intent['state']): Intent => ({
    id,
    project: projectPath.split('/').at(-1)!,
    projectPath,
    text: `t${id}`,
    state,
    position: id,
    refs: [],
    createdAt: id,
    startedAt: null,
    finishedAt: state === 'queued' || state === 'running' ? null : id,
    error: null,
    summary: null,
    cancelRequested: false,
  });

  it('lists the latest finished intents then the open queue, per project, with the queue length', () => {
    const views = queueViews(
      [
        intent(1, '/p/api', 'done'),
        intent(2, '/p/api', 'failed'),
        intent(3, '/p/api', 'running'),
        intent(4, '/p/api', 'queued'),
        intent(5, '/p/web', 'queued'),
      ],
      1,
    );
    expect(views.get('/p/api')!.intents.map((view) => view.id)).toEqual([2, 3, 4]);
    expect(views.get('/p/api')!.queueLength).toBe(1);
    expect(views.get('/p/web')!.queueLength).toBe(1);
  });
});

describe('outputPreview', () => {
  it('keeps the first lines, each cut, and marks that more followed', async () => {
    const { outputPreview } = await import('../../src/agent/output-preview.js');
    const output = Array.from({ length: 3_000_000 }, (_, i) => `line ${i}`).join('\n');
    expect(outputPreview(output, 3)).toBe('line 0\nline 1\nline 2\n…');
    expect(outputPreview(`${'x'.repeat(500)}\nend`, 6, 10)).toBe('xxxxxxxxx…\nend');
  });
});
