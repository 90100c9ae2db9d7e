// A pane's change on the wire: what the client rebuilds from it (after a JSON round trip) is the pane
// the server has, through streamed text, tool lines, a discarded step, lines dropped at the cap and
// fields that come and go; a streamed delta travels as its own text, not as the whole line again.
import { describe, expect, it } from 'vitest';
import { appendLines, applyAgentEvent, MAX_PANE_LINES } from '../../src/core/pane-feed.js';
import type { PaneState } from '../../src/core/pane-state.js';
import { applyPaneChange, type PaneChange, paneChange } from '../../src/remote/protocol.js';

const start: PaneState = {
  project: { name: 'api', path: '/srv/api', pinned: false },
  activity: { kind: 'idle' },
  lines: [],
  queueLength: 0,
};

function wire(before: PaneState, after: PaneState): PaneState {
  const change = paneChange(before, after);
  if (!change) return before;
  return applyPaneChange(before, JSON.parse(JSON.stringify(change)) as PaneChange);
}

describe('pane changes', () => {
  it('rebuild the pane through a whole intent', () => {
    const steps: ((p: PaneState) => PaneState)[] = [
      (p) => ({
        ...appendLines(p, { kind: 'user', text: 'fix it' }),
        activity: { kind: 'thinking', since: 1 },
      }),
      (p) => applyAgentEvent(p, { type: 'step', step: 1 }, 2),
      (p) => applyAgentEvent(p, { type: 'text', delta: 'Look' }, 3),
      (p) => applyAgentEvent(p, { type: 'text', delta: 'ing at it' }, 4),
      (p) => applyAgentEvent(p, { type: 'discard', step: 1 }, 5),
      (p) => applyAgentEvent(p, { type: 'text', delta: 'Again' }, 6),
      (p) =>
        applyAgentEvent(p, {
          type: 'tool-end',
          callId: 'c',
          name: 'shell',
          summary: 'npm test',
          isError: false,
          durationMs: 3,
          preview: 'ok',
          output: 'ok\nall of it',
        }),
      (p) => ({ ...p, gitError: 'gone' }),
      (p) => {
        const { gitError: _, ...rest } = p;
        return { ...rest, activity: { kind: 'done', at: 9 } };
      },
    ];
    let server = start;
    let client = start;
    for (const step of steps) {
      const next = step(server);
      client = wire(client, next);
      server = next;
      expect(client).toEqual(server);
    }
  });

  it('sends a streamed delta as its text, and keeps up when the cap drops lines from the front', () => {
    const long = 'x'.repeat(10_000);
    const before = applyAgentEvent(applyAgentEvent(start, { type: 'step', step: 1 }), {
      type: 'text',
      delta: long,
    });
    const after = applyAgentEvent(before, { type: 'text', delta: 'tail' });
    const change = paneChange(before, after)!;
    expect(change.lines).toEqual({ drop: 0, keep: 0, add: [{ append: 'tail' }] });
    expect(JSON.stringify(change).length).toBeLessThan(200);

    let full = start;
    for (let i = 0; i < MAX_PANE_LINES; i++) full = appendLines(full, { kind: 'info', text: `line ${i}` });
    const capped = appendLines(
      full,
      { kind: 'info', text: 'one more' },
      { kind: 'info', text: 'and another' },
    );
    const capChange = paneChange(full, capped)!;
    expect(capChange.lines).toMatchObject({ drop: 2, keep: MAX_PANE_LINES - 2 });
    expect(wire(full, capped)).toEqual(capped);
    expect(paneChange(capped, capped)).toBeUndefined();
  });
});
