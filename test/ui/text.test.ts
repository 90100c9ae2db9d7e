import type { Key } from 'ink';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { PaneLine } from '../../src/core/pane-state.js';
import { NO_KEY } from '../../src/ui/key-split.js';
import { BINDINGS, commandFor } from '../../src/ui/keymap.js';
import { EMPTY_LINE, editLine, type LineState, moveLine } from '../../src/ui/line-editor.js';
import { lineRows, rowWindow, totalRows } from '../../src/ui/pane-lines.js';
import { elapsed, relativeTime } from '../../src/ui/relative-time.js';
import {
  breakWord,
  cleanText,
  graphemes,
  padTo,
  textWidth,
  truncate,
  wrapLine,
  wrapText,
} from '../../src/ui/text.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('relativeTime', () => {
  it.each([
    [2_000, 'just now'],
    [45_000, '45s ago'],
    [3 * 60_000, '3m ago'],
    [2 * 3_600_000, '2h ago'],
    [5 * 86_400_000, '5d ago'],
    [21 * 86_400_000, '3w ago'],
    [120 * 86_400_000, '4mo ago'],
    [800 * 86_400_000, '2y ago'],
  ])('%i ms ago is %s', (age, label) => {
    expect(relativeTime(NOW - age, NOW)).toBe(label);
  });
  it('calls a date from a clock ahead of ours "just now"', () => {
    expect(relativeTime(NOW + 60_000, NOW)).toBe('just now');
  });
  it('says nothing for an unparsable date', () => {
    expect(relativeTime(Number.NaN, NOW)).toBe('');
  });
});

describe('elapsed', () => {
  it('counts seconds, then minutes, then hours', () => {
    expect(elapsed(NOW - 7_400, NOW)).toBe('7s');
    expect(elapsed(NOW - 125_000, NOW)).toBe('2m05s');
    expect(elapsed(NOW - 3_720_000, NOW)).toBe('1h02m');
  });
});

describe('text', () => {
  it('strips colours and cursor moves, expands tabs, keeps the last redraw of a CR line', () => {
    expect(cleanText('\u001b[31mred\u001b[0m\tx')).toBe('red  x');
    expect(cleanText('10%\r50%\r100%\nnext')).toBe('100%\nnext');
    expect(cleanText('bell\u0007 back\u0008')).toBe('bell back');
  });
  it('measures wide characters as two cells', () => {
    expect(textWidth('abc')).toBe(3);
    expect(textWidth('日本')).toBe(4);
    expect(textWidth('e\u0301')).toBe(1);
    // Cases the old hand-written table got wrong: emoji with modifiers, ZWJ families, flags, symbols.
    expect(textWidth('👍🏽')).toBe(2);
    expect(textWidth('👨‍👩‍👧')).toBe(2);
    expect(textWidth('🇫🇷')).toBe(2);
    expect(textWidth('✅')).toBe(2);
    expect(truncate('ok 👨‍👩‍👧 done', 5)).toBe('ok …');
  });
  it('cuts Chinese, Japanese and Korean text by code unit as the grapheme walk does, mixed with emoji too', () => {
    // The walk every other text takes: graphemes and string-width's numbers.
    const cells = (text: string) => stringWidth(text);
    const reference = (word: string, width: number) => {
      const rows: string[] = [];
      let row = '';
      for (const g of graphemes(word)) {
        if (row !== '' && cells(row + g) > width) {
          rows.push(row);
          row = '';
        }
        row += g;
      }
      return [...rows, row];
    };
    const cutReference = (text: string, width: number) => {
      if (cells(text) <= width) return text;
      let kept = '';
      for (const g of graphemes(text)) {
        if (cells(kept + g) > width - 1) break;
        kept += g;
      }
      return `${kept}…`;
    };
    const pieces = ['漢', '字', 'か', 'ア', '한', 'Ａ', 'a', '│', ' ', '👍🏽', 'e\u0301', 'か\u3099'];
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let n = 0; n < 300; n++) {
      const length = 1 + Math.floor(random() * 30);
      const wide = n % 3 !== 0; // two texts in three hold only the fast path's characters
      const pool = wide ? pieces.slice(0, 8) : pieces;
      const text = Array.from({ length }, () => pool[Math.floor(random() * pool.length)]).join('');
      for (const width of [1, 2, 3, 5, 8]) {
        const word = text.replaceAll(' ', '');
        expect([text, width, breakWord(word, width)]).toEqual([text, width, reference(word, width)]);
        expect([text, width, truncate(text, width)]).toEqual([text, width, cutReference(text, width)]);
      }
      expect(textWidth(text)).toBe(stringWidth(text));
    }
  });

  it('truncates with an ellipsis and pads to a width', () => {
    expect(truncate('hello world', 8)).toBe('hello w…');
    expect(truncate('short', 8)).toBe('short');
    expect(truncate('日本語', 4)).toBe('日…');
    expect(padTo('ab', 4)).toBe('ab  ');
  });
  it('wraps at words and breaks words longer than a row', () => {
    expect(wrapLine('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wrapLine('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrapLine('', 5)).toEqual(['']);
    expect(wrapText('a\n\nb', 5)).toEqual(['a', '', 'b']);
    for (const row of wrapLine('日本語のテキストを折り返す', 7))
      expect(textWidth(row)).toBeLessThanOrEqual(7);
  });
});

function key(overrides: Partial<Key> = {}): Key {
  return { ...NO_KEY, ...overrides };
}

describe('line editor', () => {
  const typeAll = (text: string, state: LineState = EMPTY_LINE) =>
    [...text].reduce((s, ch) => editLine(s, ch, key())!, state);

  it('types, moves the cursor and deletes at it', () => {
    let state = typeAll('fix bug');
    expect(state).toEqual({ text: 'fix bug', cursor: 7 });
    state = editLine(state, '', key({ leftArrow: true }))!;
    state = editLine(state, '', key({ leftArrow: true }))!;
    state = editLine(state, '', key({ leftArrow: true }))!;
    state = editLine(state, '', key({ backspace: true }))!;
    expect(state).toEqual({ text: 'fixbug', cursor: 3 });
    state = typeAll(' the', state);
    expect(state.text).toBe('fix thebug');
    state = editLine(state, '', key({ delete: true }))!;
    expect(state.text).toBe('fix theug');
    state = editLine(state, 'e', key({ ctrl: true }))!;
    expect(state.cursor).toBe(9);
    state = editLine(state, '', key({ home: true }))!;
    expect(state.cursor).toBe(0);
  });
  it('has the readline keys: Ctrl+K, Ctrl+U, Ctrl+W, Alt+B/F and Ctrl+←/→ by words', () => {
    const at = (cursor: number): LineState => ({ text: 'fix the flaky-test now', cursor });
    expect(editLine(at(22), 'b', key({ meta: true }))!.cursor).toBe(19);
    expect(editLine(at(19), '', key({ leftArrow: true, ctrl: true }))!.cursor).toBe(14);
    expect(editLine(at(14), '', key({ leftArrow: true, meta: true }))!.cursor).toBe(8);
    expect(editLine(at(0), 'f', key({ meta: true }))!.cursor).toBe(3);
    expect(editLine(at(3), '', key({ rightArrow: true, ctrl: true }))!.cursor).toBe(7);
    expect(editLine(at(7), 'k', key({ ctrl: true }))).toEqual({ text: 'fix the', cursor: 7 });
    expect(editLine(at(8), 'u', key({ ctrl: true }))).toEqual({ text: 'flaky-test now', cursor: 0 });
    expect(editLine(at(13), 'w', key({ ctrl: true }))).toEqual({ text: 'fix the -test now', cursor: 8 });
    // Ctrl+K stops at the end of its line.
    expect(editLine({ text: 'one two\nthree', cursor: 3 }, 'k', key({ ctrl: true }))).toEqual({
      text: 'one\nthree',
      cursor: 3,
    });
  });

  it('moves over an emoji as one character', () => {
    let state = typeAll('a😀');
    state = editLine(state, '', key({ backspace: true }))!;
    expect(state).toEqual({ text: 'a', cursor: 1 });
  });
  it('keeps pasted newlines (one intent over several lines), CRLF as one', () => {
    expect(editLine(EMPTY_LINE, 'one\r\ntwo', key())).toEqual({ text: 'one\ntwo', cursor: 7 });
    expect(editLine(EMPTY_LINE, 'a\tb', key())).toEqual({ text: 'a  b', cursor: 4 });
  });
  it('inserts a newline with Ctrl+J and Alt+Enter, and moves between lines', () => {
    let state = typeAll('first');
    state = editLine(state, '\n', key())!;
    state = typeAll('2nd', state);
    expect(state).toEqual({ text: 'first\n2nd', cursor: 9 });
    state = editLine(state, '', key({ return: true, meta: true }))!;
    expect(state.text).toBe('first\n2nd\n');
    expect(editLine(state, '', key({ return: true }))).toBeUndefined();
    const up = moveLine({ text: 'first\n2nd', cursor: 9 }, 'up')!;
    expect(up.cursor).toBe(3);
    expect(moveLine(up, 'up')).toBeUndefined();
    expect(moveLine(up, 'down')!.cursor).toBe(9);
    expect(moveLine({ text: 'first\n2nd', cursor: 9 }, 'down')).toBeUndefined();
  });
  it('moves over a family emoji and a flag as one character; deletes words and lines', () => {
    let state = typeAll('a👨‍👩‍👧🇫🇷');
    state = editLine(state, '', key({ backspace: true }))!;
    state = editLine(state, '', key({ backspace: true }))!;
    expect(state).toEqual({ text: 'a', cursor: 1 });
    state = typeAll(' fix the  bug', state);
    state = editLine(state, 'w', key({ ctrl: true }))!;
    expect(state.text).toBe('a fix the  ');
    state = editLine(state, 'u', key({ ctrl: true }))!;
    expect(state).toEqual({ text: '', cursor: 0 });
  });
  it('leaves Enter, Esc and Tab to the caller', () => {
    expect(editLine(EMPTY_LINE, '', key({ return: true }))).toBeUndefined();
    expect(editLine(EMPTY_LINE, '', key({ escape: true }))).toBeUndefined();
    expect(editLine(EMPTY_LINE, '', key({ tab: true }))).toBeUndefined();
  });
});

describe('keymap', () => {
  it('matches commands by context', () => {
    expect(commandFor('grid', '', key({ tab: true }))).toBe('focus.next');
    expect(commandFor('grid', '', key({ tab: true, shift: true }))).toBe('focus.prev');
    expect(commandFor('grid', 'q', key())).toBe('app.quit');
    expect(commandFor('global', 'c', key({ ctrl: true }))).toBe('app.quit');
    expect(commandFor('grid', 'c', key({ ctrl: true }))).toBeUndefined();
    expect(commandFor('zoom', '', key({ escape: true }))).toBe('pane.unzoom');
  });
  it('tells the queue list, the zoomed pane and the input apart', () => {
    expect(commandFor('queue', 'K', key({ shift: true }))).toBe('queue.moveUp');
    expect(commandFor('queue', '', key({ upArrow: true }))).toBe('queue.selectUp');
    expect(commandFor('queue', 'x', key())).toBe('queue.remove');
    expect(commandFor('zoom', '', key({ upArrow: true }))).toBe('pane.scrollUp');
    expect(commandFor('zoom', 'R', key({ shift: true }))).toBe('context.reset');
    expect(commandFor('input', '', key({ tab: true }))).toBe('input.steer');
    expect(commandFor('input', '', key({ return: true }))).toBe('input.submit');
    expect(commandFor('input', '', key({ return: true, shift: true }))).toBe('input.newline');
    expect(commandFor('grid', ' ', key())).toBe('selection.toggle');
  });
  it('announces nothing as coming any more', () => {
    expect(BINDINGS.filter((b) => b.coming)).toEqual([]);
  });
});

describe('pane rows', () => {
  const lines = (n: number): PaneLine[] =>
    Array.from({ length: n }, (_, i) => ({ kind: 'assistant', text: `line ${i + 1}` }));

  it('takes the newest rows that fit, after wrapping', () => {
    const window = rowWindow(
      [...lines(3), { kind: 'assistant', text: 'a long line that wraps over rows' }],
      12,
      3,
    );
    expect(window.rows.map((r) => r.text)).toEqual(['a long line', 'that wraps', 'over rows']);
    expect(window.more).toBe(true);
  });
  it('scrolls up by an offset and stops at the oldest row', () => {
    const history = lines(10);
    expect(rowWindow(history, 20, 3, 2).rows.map((r) => r.text)).toEqual(['line 6', 'line 7', 'line 8']);
    const top = rowWindow(history, 20, 3, 50);
    expect(top.offset).toBe(7);
    expect(top.rows.map((r) => r.text)).toEqual(['line 1', 'line 2', 'line 3']);
    expect(top.more).toBe(false);
  });
  it('wraps only the lines it shows from a long history', () => {
    const history = lines(10_000);
    const started = performance.now();
    expect(rowWindow(history, 40, 20).rows).toHaveLength(20);
    expect(performance.now() - started).toBeLessThan(50);
    expect(totalRows(history, 40)).toBe(10_000);
  });
  it('shows the end of a long line by wrapping only its last lines, rows as the whole wrap gives', () => {
    const paragraphs = Array.from({ length: 3_000 }, (_, i) => `\tparagraph ${i} \u001b[1mof\u001b[0m words`);
    const text = `\n\n${paragraphs.join('\n')}\n${'漢字👍🏽'.repeat(400)}\n\n`;
    const line = (): PaneLine[] => [
      { kind: 'user', text },
      { kind: 'assistant', text: 'done' },
    ];
    for (const mode of ['grid', 'full'] as const) {
      const whole = [...lineRows(line()[0]!, 30, mode), ...lineRows(line()[1]!, 30, mode)];
      for (const [count, offset] of [
        [5, 0],
        [40, 0],
        [10, 300],
        [10, whole.length - 4],
        [10, 1_000_000],
      ] as const) {
        const window = rowWindow(line(), 30, count, offset, mode);
        const end = whole.length - window.offset;
        expect(window.offset).toBe(Math.min(offset, whole.length - count));
        expect(window.rows).toEqual(whole.slice(Math.max(0, end - count), end));
        expect(window.more).toBe(end - count > 0);
      }
    }
  });
  it('marks user lines, keeps tool calls to one row in the grid and strips ANSI', () => {
    expect(lineRows({ kind: 'user', text: 'do it now please' }, 10).map((r) => r.text)).toEqual([
      '› do it',
      '  now',
      '  please',
    ]);
    const tool: PaneLine = { kind: 'tool', text: '$ \u001b[32mnpm test -- --run everything\u001b[0m' };
    expect(lineRows(tool, 12)).toEqual([{ kind: 'tool', text: '$ npm test …' }]);
    expect(lineRows(tool, 12, 'full').length).toBeGreaterThan(1);
  });
});
