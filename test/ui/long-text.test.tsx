// Text of any length renders in time linear in its length: a megabyte without a space, a 100,000-line
// output. Long words break by grapheme; what a pane wraps of one line is bounded.
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/app.js';
import { lineRows, MAX_SHOWN_CHARS } from '../../src/ui/pane-lines.js';
import { cleanText, graphemes, textWidth, truncate, wrapLine } from '../../src/ui/text.js';
import { appStore, intentView, paneState } from '../support/fixtures.js';
import { frameLines, KEYS, press, renderSized, waitForFrame } from '../support/ink.js';

const MEGABYTE_WORD = 'QmFzZTY0'.repeat(128 * 1024);

describe('long words', () => {
  it('a 1 MB word wraps into full rows in one pass, nothing lost', () => {
    const rows = wrapLine(MEGABYTE_WORD, 64);
    expect(rows).toHaveLength(MEGABYTE_WORD.length / 64);
    expect(rows.every((row) => row.length === 64)).toBe(true);
    expect(rows.join('')).toBe(MEGABYTE_WORD);
  });

  it('breaks wide words by grapheme: no emoji split from its modifier, no row wider than asked', () => {
    const word = '漢字👍🏽👨‍👩‍👧é'.repeat(5_000);
    const rows = wrapLine(word, 7);
    expect(rows.join('')).toBe(word);
    for (const row of rows) {
      expect(textWidth(row)).toBeLessThanOrEqual(7);
      expect(graphemes(row).join('')).toBe(row);
      expect(row.startsWith('🏽') || row.startsWith('\u200d')).toBe(false);
    }
  });

  it('truncates a megabyte to the width without reading it all, and keeps a short text whole', () => {
    expect(truncate(MEGABYTE_WORD, 10)).toBe('QmFzZTY0Q…');
    expect(truncate(`日本${MEGABYTE_WORD}`, 6)).toBe('日本Q…');
    expect(truncate('日本', 4)).toBe('日本');
  });

  it('cleans a megabyte-long line, and keeps the last redraw of a carriage-return line', () => {
    expect(cleanText(MEGABYTE_WORD)).toBe(MEGABYTE_WORD);
    expect(cleanText(`${'x'.repeat(200_000)}\rdone\r\nnext\r`)).toBe('done\nnext');
    expect(cleanText('a\r\rb')).toBe('b');
  });

  it('a pane wraps at most MAX_SHOWN_CHARS of one line: head, a note of what is hidden, tail', () => {
    const rows = lineRows({ kind: 'user', text: MEGABYTE_WORD }, 100, 'full');
    expect(rows.length).toBeLessThan(MAX_SHOWN_CHARS / 90);
    const note = rows.find((row) => row.text.includes('characters not shown'));
    expect(note?.text).toMatch(/… 983,040 characters not shown \(shipyard log has them all\) …/);
    expect(rows[0]!.text.startsWith('› QmFzZTY0')).toBe(true);
  });
});

describe('the grid with huge text', () => {
  it('shows a pane holding a 1 MB intent and a 100,000-line output, and zooms into it', async () => {
    const output = Array.from({ length: 100_000 }, (_, i) => `output line ${i}`).join('\n');
    const store = appStore([
      paneState('big', {
        lines: [
          { kind: 'user', text: MEGABYTE_WORD },
          { kind: 'tool', text: 'shell seq 100000' },
          { kind: 'output', text: output },
          { kind: 'assistant', text: 'Looked at it' },
        ],
        intents: [intentView(2, MEGABYTE_WORD, 'queued'), intentView(1, MEGABYTE_WORD, 'done')],
      }),
    ]);
    const app = renderSized(<App store={store} actions={{}} onQuit={() => {}} />, { columns: 120, rows: 30 });
    try {
      const grid = await waitForFrame(app.lastFrame, (frame) => frame.includes('Looked at it'));
      expect(frameLines(grid)).toHaveLength(30);
      await press(app.stdin, KEYS.enter);
      const zoomed = await waitForFrame(app.lastFrame, (frame) => frame.includes('output line 99999'));
      expect(frameLines(zoomed)).toHaveLength(30);
      for (const line of frameLines(zoomed)) expect(textWidth(line)).toBeLessThanOrEqual(120);
    } finally {
      app.unmount();
    }
  });
});
