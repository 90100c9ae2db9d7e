import { describe, expect, it } from 'vitest';
import {
  type ContextLogInput,
  clipLines,
  contextLogJson,
  contextLogMarkdown,
  summariseArguments,
} from '../../src/core/context-log.js';
import type { Intent } from '../../src/model/intent.js';
import type { ContextHistory, StoredContextItem } from '../../src/store/contexts.js';

const t0 = Date.UTC(2025, 0, 2, 9, 30);
let nextId = 1;

function item(
  contextId: number,
  kind: string,
  body: unknown,
  extra: Partial<StoredContextItem> = {},
): StoredContextItem {
  const id = nextId++;
  return {
    id,
    contextId,
    intentId: null,
    kind,
    item: body,
    tokens: 10,
    createdAt: t0 + id * 1000,
    compactedBy: null,
    ...extra,
  };
}

function intent(id: number, text: string, state: Intent['state']): Intent {
  return {
    id,
    project: 'api',
    projectPath: '/ws/api',
    text,
    state,
    position: id,
    refs: [],
    createdAt: t0,
    startedAt: null,
    finishedAt: null,
    error: null,
    summary: null,
    cancelRequested: false,
  };
}

function sample(): ContextLogInput {
  nextId = 1;
  const longOutput = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
  const first: ContextHistory = {
    id: 1,
    projectPath: '/ws/api',
    createdAt: t0,
    endedAt: t0 + 3_600_000,
    endReason: 'reset by the user',
    items: [
      item(
        1,
        'user',
        { type: 'message', role: 'user', content: 'fix the flaky test' },
        { intentId: 1, compactedBy: 6 },
      ),
      item(
        1,
        'tool_call',
        {
          type: 'function_call',
          call_id: 'c1',
          name: 'shell',
          arguments: JSON.stringify({ command: 'npm test', timeout: 60, note: 'x'.repeat(200) }),
        },
        { intentId: 1, compactedBy: 6 },
      ),
      item(
        1,
        'tool_result',
        { type: 'function_call_output', call_id: 'c1', output: longOutput },
        { intentId: 1, compactedBy: 6 },
      ),
      item(
        1,
        'assistant',
        { type: 'message', role: 'assistant', content: 'Fixed it with ```code```' },
        { intentId: 1 },
      ),
      item(1, 'user', { type: 'message', role: 'user', content: 'now add retries' }, { intentId: 2 }),
      item(1, 'summary', {
        type: 'message',
        role: 'user',
        content: '[Summary of the earlier conversation]\nThe flaky test was fixed.\n\nTests pass.',
      }),
      item(
        1,
        'reasoning',
        {
          type: 'reasoning',
          encrypted_content: 'xyz',
          summary: [{ type: 'summary_text', text: 'Think about retries' }],
        },
        { intentId: 2 },
      ),
    ],
  };
  const second: ContextHistory = {
    id: 2,
    projectPath: '/ws/api',
    createdAt: t0 + 7_200_000,
    endedAt: null,
    endReason: null,
    items: [],
  };
  return {
    project: 'api',
    projectPath: '/ws/api',
    history: [first, second],
    intents: new Map([
      [1, intent(1, 'fix the flaky test', 'done')],
      [2, intent(2, 'now add retries', 'running')],
    ]),
  };
}

describe('contextLogMarkdown', () => {
  it('shows every context with when and why it ended, intents, tool calls, clipped results and summaries', () => {
    const md = contextLogMarkdown(sample(), { resultLines: 6 });
    expect(md).toContain('# api — context log');
    expect(md).toContain(
      '## Context 1 (#1)\n\nstarted 2025-01-02 09:30 UTC; ended 2025-01-02 10:30 UTC (reset by the user)',
    );
    expect(md).toContain('## Context 2 (#2)\n\nstarted 2025-01-02 11:30 UTC; current\n\n_(empty)_');
    expect(md).toContain('### Intent #1 — done — fix the flaky test');
    expect(md).toContain('### Intent #2 — running — now add retries');
    expect(md).toContain('**User** _(compacted into summary #6)_\n\nfix the flaky test');
    // Arguments summarised on one line, long values clipped.
    expect(md).toMatch(
      /\*\*Tool call\*\* `shell` \(command: npm test, timeout: 60, note: x{79}…\) _\(compacted into summary #6\)_/,
    );
    // Results clipped to a few lines, with the count of what was left out.
    expect(md).toContain('```\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\n… (14 more lines)\n```');
    expect(md).not.toContain('line 7');
    // Without a limit (what `shipyard log` prints unless --brief), every line of every result.
    const whole = contextLogMarkdown(sample());
    expect(whole).toContain(
      `\`\`\`\n${Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n')}\n\`\`\``,
    );
    expect(whole).not.toContain('more lines');
    expect(md).toContain('**Assistant**\n\nFixed it with ```code```');
    expect(md).toContain(
      '**Summary** (#6 — replaced 3 earlier items)\n\n> The flaky test was fixed.\n>\n> Tests pass.',
    );
    expect(md).not.toContain('[Summary of the earlier conversation]');
    expect(md).toContain('**Thinking**\n\n_Think about retries_');
    expect(md).not.toContain('xyz');
    // The intent heading is not repeated after the summary breaks its items.
    expect(md.match(/### Intent #2/g)).toHaveLength(1);
    expect(md.endsWith('\n')).toBe(true);
    expect(md).not.toMatch(/\n{3}/);
  });

  it('fences tool output longer than any backtick run inside it', () => {
    nextId = 1;
    const md = contextLogMarkdown({
      project: 'api',
      projectPath: '/ws/api',
      history: [
        {
          id: 1,
          projectPath: '/ws/api',
          createdAt: t0,
          endedAt: null,
          endReason: null,
          items: [item(1, 'tool_result', { type: 'function_call_output', call_id: 'c', output: 'a ```` b' })],
        },
      ],
    });
    expect(md).toContain('`````\na ```` b\n`````');
  });

  it('says so when the project has no context yet', () => {
    expect(contextLogMarkdown({ project: 'web', projectPath: '/ws/web', history: [] })).toContain(
      '_No context yet',
    );
  });
});

describe('contextLogJson', () => {
  it('keeps every item whole with its compaction mark and ISO dates', () => {
    const json = contextLogJson(sample());
    expect(json.project).toBe('api');
    expect(json.contexts).toHaveLength(2);
    expect(json.contexts[0]).toMatchObject({
      id: 1,
      createdAt: '2025-01-02T09:30:00.000Z',
      endedAt: '2025-01-02T10:30:00.000Z',
      endReason: 'reset by the user',
    });
    const result = json.contexts[0]!.items[2]!;
    expect(result).toMatchObject({ kind: 'tool_result', intentId: 1, compactedBy: 6 });
    expect((result.item as { output: string }).output.split('\n')).toHaveLength(20);
    expect(json.contexts[0]!.items[5]).toMatchObject({ kind: 'summary', compactedBy: null });
    expect(json.contexts[1]).toEqual({
      id: 2,
      createdAt: '2025-01-02T11:30:00.000Z',
      endedAt: null,
      endReason: null,
      items: [],
    });
  });
});

describe('helpers', () => {
  it('summarise arguments and clip lines', () => {
    expect(summariseArguments('{"path":"src/a.ts","start":1}')).toBe('(path: src/a.ts, start: 1)');
    expect(summariseArguments('not json {')).toBe('(not json {)');
    expect(summariseArguments('{"text":"a\\nb"}')).toBe('(text: a b)');
    expect(clipLines('a\nb\nc\n', 2)).toBe('a\nb\n… (1 more line)');
    expect(clipLines('a\nb\n', 2)).toBe('a\nb');
  });
});

describe('@references in the Markdown log', () => {
  it('fold to one line (the JSON log keeps them whole)', () => {
    const content = 'do it like api\n\n<reference project="api">\n# api\nline 2\nline 3\n</reference>';
    const history: ContextHistory[] = [
      {
        id: 1,
        projectPath: '/ws/web',
        createdAt: t0,
        endedAt: null,
        endReason: null,
        items: [item(1, 'user', { type: 'message', role: 'user', content })],
      },
    ];
    const input: ContextLogInput = { project: 'web', projectPath: '/ws/web', history };
    const md = contextLogMarkdown(input);
    expect(md).toContain(
      '<reference project="api"> … 3 lines attached (see `shipyard log --json`) </reference>',
    );
    expect(md).not.toContain('line 2');
    expect(JSON.stringify(contextLogJson(input))).toContain('line 2');
  });
});
