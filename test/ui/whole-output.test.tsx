// The zoomed pane shows the first lines of each tool call's output; Ctrl+O shows the whole output
// (what the model got), and again only the head.
import { afterEach, describe, expect, it } from 'vitest';
import { applyAgentEvent } from '../../src/core/pane-feed.js';
import { App } from '../../src/ui/app.js';
import { appStore, paneState } from '../support/fixtures.js';
import { KEYS, press, type Rendered, renderSized, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

const OUTPUT = Array.from({ length: 40 }, (_, i) => `test line ${i + 1}`).join('\n');

describe('a tool call’s whole output', () => {
  it('Ctrl+O in the zoomed pane toggles between the head and the whole output', async () => {
    const pane = applyAgentEvent(
      paneState('api'),
      {
        type: 'tool-end',
        callId: 'c1',
        name: 'shell',
        summary: 'shell npm test → exit 0',
        isError: false,
        durationMs: 5,
        preview: OUTPUT.split('\n').slice(0, 6).concat('…').join('\n'),
        output: OUTPUT,
      },
      Date.now(),
    );
    expect(pane.lines.at(-1)).toMatchObject({ kind: 'output', full: OUTPUT });
    current = renderSized(<App store={appStore([pane])} actions={{}} onQuit={() => {}} />, {
      columns: 100,
      rows: 60,
    });
    await press(current.stdin, 'z');
    let frame = await waitForFrame(current.lastFrame, (f) => f.includes('test line 6'));
    expect(frame).not.toContain('test line 40');
    expect(frame).toContain('Ctrl+O whole outputs');
    await press(current.stdin, '\u000f');
    frame = await waitForFrame(current.lastFrame, (f) => f.includes('test line 40'));
    expect(frame).toContain('test line 7');
    await press(current.stdin, '\u000f');
    await waitForFrame(current.lastFrame, (f) => !f.includes('test line 40') && f.includes('test line 6'));
    await press(current.stdin, KEYS.escape);
  });
});
