import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaneState } from '../../src/core/pane-state.js';
import { Pane } from '../../src/ui/pane.js';
import { commitLabel, contextLabel, gitSegments, titleInfo } from '../../src/ui/pane-header.js';
import { textWidth } from '../../src/ui/text.js';
import { conversation, GIT_VARIANTS, gitStatus, paneState } from '../support/fixtures.js';
import { frameLines } from '../support/ink.js';

const NOW = Date.now();
let unmounts: (() => void)[] = [];
afterEach(() => {
  for (const unmount of unmounts) unmount();
  unmounts = [];
});

function show(pane: PaneState, size = { width: 60, height: 12 }, focused = false): string[] {
  const { lastFrame, unmount } = render(
    <Pane pane={pane} index={0} focused={focused} width={size.width} height={size.height} now={Date.now()} />,
  );
  unmounts.push(unmount);
  return frameLines(lastFrame() ?? '');
}

const text = (lines: string[]) => lines.join('\n');

describe('pane', () => {
  it('is exactly its size, with the name in the top border', () => {
    const lines = show(paneState('api', { lines: conversation(50) }));
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(textWidth(line)).toBe(60);
    expect(lines[0]).toMatch(/^╭─ 1 api ─+╮$/);
    expect(lines.at(-1)).toMatch(/^╰─+╯$/);
  });

  it('shows the tail of the conversation that fits', () => {
    const lines = show(paneState('api', { lines: conversation(50) }));
    const frame = text(lines);
    expect(frame).toContain('line 50');
    expect(frame).toContain('line 44');
    expect(frame).not.toContain('line 43');
  });

  it('renders each git status variant', () => {
    expect(text(show(paneState('a', { git: GIT_VARIANTS.clean })))).toMatch(/main {2}clean {2}↑0 ↓0/);
    expect(text(show(paneState('a', { git: GIT_VARIANTS.dirty })))).toMatch(/main {2}\+2 ~3 \?4 {2}↑1 ↓2/);
    expect(text(show(paneState('a', { git: GIT_VARIANTS.conflicted })))).toContain('!1 ~1');
    expect(text(show(paneState('a', { git: GIT_VARIANTS.detached })))).toMatch(
      /detached @abc1234 {2}clean {2}no upstream/,
    );
    expect(text(show(paneState('a', { git: GIT_VARIANTS.noUpstream })))).toMatch(
      /feature\/login {2}clean {2}no upstream/,
    );
    expect(text(show(paneState('a', { git: GIT_VARIANTS.noCommits })))).toContain('no commits yet');
  });

  it('names an unfinished merge or rebase right after the branch', () => {
    const merging = gitStatus({ operation: 'merge', conflicted: 2, dirty: 2 });
    expect(text(show(paneState('a', { git: merging })))).toMatch(/main {2}MERGING {2}!2 {2}↑0 ↓0/);
    const rebasing = gitStatus({ operation: 'rebase', branch: null, head: 'abc1234', upstream: null });
    expect(text(show(paneState('a', { git: rebasing })))).toMatch(/detached @abc1234 {2}REBASING {2}clean/);
  });

  it('shows the last commit subject and its age', () => {
    expect(text(show(paneState('a')))).toContain('Fix the flaky retry test · 3m ago');
  });

  it('shows a git error in place of the status, and a watch note', () => {
    const frame = text(
      show(
        paneState('gone', {
          git: undefined,
          gitError: 'not a git repository any more',
          watchNote: 'polling',
        }),
      ),
    );
    expect(frame).toContain('✗ not a git repository any more');
    expect(frame).toContain('⚠ polling');
    expect(frame).not.toContain('main');
  });

  it('says when git has not been read yet', () => {
    expect(text(show(paneState('a', { git: undefined })))).toContain('reading git…');
  });

  it('shows queue length, tokens and the attention marker in the title', () => {
    const [title] = show(
      paneState('api', {
        queueLength: 3,
        tokens: { input: 12_300, cached: 8_000, output: 1_200 },
        attention: true,
      }),
    );
    expect(title).toMatch(/^╭─ 1 api ● ─+ queue 3 · 12k in \(8.0k cached\) · 1.2k out ─╮$/);
  });

  it('drops title info that does not fit instead of cutting it', () => {
    const [title] = show(
      paneState('api', { queueLength: 3, tokens: { input: 12_300, cached: 0, output: 1_200 } }),
      {
        width: 30,
        height: 8,
      },
    );
    expect(title).toMatch(/^╭─ 1 api ─+ queue 3 ─╮$/);
  });

  it.each([
    [{ kind: 'idle' }, /idle/],
    [{ kind: 'unconfigured', message: 'set OPENAI_API_KEY' }, /agent off: set OPENAI_API_KEY/],
    [{ kind: 'thinking', since: NOW - 12_400 }, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] thinking · \d+s/],
    [{ kind: 'tool', since: NOW - 3_400, summary: 'npm test' }, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] npm test · \d+s/],
    [
      { kind: 'retrying', since: NOW - 1_000, message: '429, retry in 4s' },
      /retrying: 429, retry in 4s · \d+s/,
    ],
    [{ kind: 'approval', since: NOW, summary: 'git push' }, /waiting for approval[\s\S]*⚠ git push/],
    [{ kind: 'done', at: NOW - 5 * 60_000 }, /✓ done 5m ago/],
    [{ kind: 'failed', at: NOW, message: 'model refused' }, /✗ failed: model refused/],
  ] as const)('shows agent activity %o', (activity, expected) => {
    expect(text(show(paneState('a', { activity })))).toMatch(expected);
  });

  it('strips ANSI from conversation text', () => {
    const frame = show(
      paneState('a', { lines: [{ kind: 'tool', text: '\u001b[31m$ rm\u001b[0m -rf build' }] }),
    );
    expect(text(frame)).toContain('$ rm -rf build');
  });

  it('fits a pane of the minimum size without spilling', () => {
    const lines = show(
      paneState('a-very-long-project-name-indeed', { lines: conversation(5), watchNote: 'x' }),
      {
        width: 30,
        height: 6,
      },
    );
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(textWidth(line)).toBe(30);
    expect(lines[0]).toBe('╭─ 1 a-very-long-project-n… ─╮');
  });
});

describe('pane: agent, approval, header', () => {
  const UNCONFIGURED = 'no API key for openai: set OPENAI_API_KEY';

  it('wraps an unconfigured message so a 45-column pane still names the variable', () => {
    const lines = show(paneState('api', { activity: { kind: 'unconfigured', message: UNCONFIGURED } }), {
      width: 45,
      height: 10,
    });
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(textWidth(line)).toBe(45);
    const frame = text(lines);
    expect(frame).toContain('agent off: no API key for openai: set');
    expect(frame).toContain('OPENAI_API_KEY');
    expect(frame).not.toContain('…');
  });

  it('wraps a long failure onto at most three rows, the last one cut', () => {
    const message = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const frame = text(
      show(paneState('api', { activity: { kind: 'failed', at: NOW, message } }), { width: 45, height: 14 }),
    );
    expect(frame).toContain('✗ failed: word0');
    expect(frame).toMatch(/word\d+…/);
    expect(frame.split('\n').filter((l) => /word\d/.test(l))).toHaveLength(3);
  });

  it('shows the waiting action wrapped and the key that opens its prompt', () => {
    const summary = 'run: git push --force-with-lease origin feature/retry-clock-injection && npm publish';
    const pane = paneState('api', { activity: { kind: 'approval', since: NOW, summary } });
    const frame = text(show(pane, { width: 45, height: 14 }, true));
    expect(frame).toContain('⚠ run: git push --force-with-lease origin');
    expect(frame).toContain('feature/retry-clock-injection && npm');
    expect(frame).toMatch(/┃ {3}publish +┃/);
    expect(frame).toContain('Enter reviews it whole, to answer it');
    expect(text(show(pane, { width: 60, height: 14 }, false))).toContain('(focus the pane)');
  });

  it('puts queue length, pause, context use and compaction in the title', () => {
    const pane = paneState('api', {
      queueLength: 3,
      paused: true,
      context: { tokens: 54_000, window: 128_000, compactions: 1 },
      tokens: { input: 12_300, cached: 0, output: 2_100 },
    });
    expect(show(pane, { width: 90, height: 8 })[0]).toContain(
      ' queue 3 paused · ctx 42% compacted · 12k in · 2.1k out ',
    );
    expect(titleInfo({ queueLength: 0, context: { tokens: 10, window: 0, compactions: 0 } })).toEqual([]);
    expect(titleInfo({ queueLength: 0, paused: true })).toEqual(['queue 0 paused']);
    expect(contextLabel({ tokens: 100, window: 1000, compactions: 0 })).toBe('ctx 10%');
  });

  it('says "unsandboxed" first in the title when agent commands run without a fence', () => {
    const pane = paneState('api', {
      queueLength: 2,
      unsandboxed: 'unsandboxed: bwrap not found (install bubblewrap); agent commands run without a fence',
    });
    expect(show(pane, { width: 60, height: 8 })[0]).toContain(' unsandboxed · queue 2 ');
    // The narrowest title keeps it last of all.
    expect(show(pane, { width: 30, height: 8 })[0]).toContain(' unsandboxed ');
  });

  it('marks a selected pane in its border title', () => {
    const { lastFrame, unmount } = render(
      <Pane pane={paneState('web')} index={1} focused={false} width={40} height={8} now={NOW} selected />,
    );
    unmounts.push(unmount);
    expect(frameLines(lastFrame() ?? '')[0]).toMatch(/^╭─ ✓ 2 web ─+╮$/);
  });
});

describe('pane header text', () => {
  it('drops whole groups rather than cutting them in a narrow pane', () => {
    const git = gitStatus({ branch: 'main', staged: 2, modified: 3, upstream: 'origin/main', ahead: 1 });
    const at = (width: number) =>
      gitSegments(git, width)
        .map((s) => s.text)
        .join('');
    expect(at(40)).toBe('main  +2 ~3  ↑1 ↓0');
    expect(at(14)).toBe('main  +2 ~3');
    expect(at(8)).toBe('main');
    expect(gitSegments(gitStatus({ branch: 'feature/very-long-branch' }), 10)[0]!.text).toBe('feature/v…');
  });

  it('shortens a commit subject at a word and keeps the age', () => {
    const git = gitStatus({
      lastCommit: {
        subject: 'Teach the runner to resume interrupted intents',
        date: new Date(NOW).toISOString(),
        hash: 'x',
      },
    });
    expect(commitLabel(git, NOW + 3 * 3_600_000, 40)).toBe('Teach the runner to resume… · 3h ago');
  });
});
