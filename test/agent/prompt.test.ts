import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readProjectInstructions } from '../../src/agent/project-instructions.js';
import { buildIntentMessage, buildPrefix } from '../../src/agent/prompt.js';
import { defineTool } from '../../src/agent/tool.js';
import { echoTool } from '../support/scripted-server/harness.js';

const readTool = defineTool({
  name: 'read_file',
  description: 'Read a file.',
  parameters: z.object({
    path: z.string(),
    start: z.number().int().optional(),
    limit: z.number().default(200),
  }),
  kind: 'read',
  describe: (args) => `read ${args.path}`,
  run: async () => ({ output: '', summary: '' }),
});

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('buildPrefix', () => {
  const input = {
    projectName: 'web',
    tools: [readTool, echoTool],
    projectInstructions: { file: 'AGENTS.md', text: 'Use pnpm.\n' },
    siblings: ['web', 'api', 'docs'],
  };

  it('is byte-identical for the same inputs, whatever the order of tools and siblings', () => {
    const a = JSON.stringify(buildPrefix(input));
    const b = JSON.stringify(
      buildPrefix({ ...input, tools: [echoTool, readTool], siblings: ['docs', 'api', 'web'] }),
    );
    expect(b).toBe(a);
  });

  it('holds the instructions, AGENTS.md and siblings but nothing volatile', () => {
    const prefix = buildPrefix(input);
    expect(prefix.instructions).toContain('first line must work as a git commit subject');
    expect(prefix.instructions).toContain('Project instructions from AGENTS.md (follow them):\n\nUse pnpm.');
    expect(prefix.instructions).toContain(
      'Other projects in this workspace (read-only references): api, docs.',
    );
    expect(prefix.instructions).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('turns zod schemas into JSON schema, sorted by tool name, without $schema', () => {
    const { tools } = buildPrefix(input);
    expect(tools.map((t) => t.name)).toEqual(['echo', 'read_file']);
    expect(tools[1]!.parameters).toMatchObject({
      type: 'object',
      properties: {
        path: { type: 'string' },
        start: { type: 'integer' },
        limit: { type: 'number', default: 200 },
      },
      required: ['path'],
    });
    expect(tools[1]!.parameters).not.toHaveProperty('$schema');
  });
});

describe('buildIntentMessage', () => {
  it('puts the intent first and the volatile context after it', () => {
    const text = buildIntentMessage({
      text: 'Add a --json flag ',
      gitStatus: 'branch main, 2 modified',
      date: new Date('2026-03-04T10:00:00Z'),
      queueWaiting: 1,
      references: [{ name: 'api', text: 'src/cli.ts: uses commander\n' }],
    });
    expect(text).toBe(
      [
        'Add a --json flag',
        '<context>\ndate: 2026-03-04\ngit status: branch main, 2 modified\n1 more intent waits in the queue after this one\n</context>',
        '<reference project="api">\nsrc/cli.ts: uses commander\n</reference>',
      ].join('\n\n'),
    );
  });

  it('is just the text when there is no context', () => {
    expect(buildIntentMessage({ text: 'hello', queueWaiting: 0 })).toBe('hello');
  });
});

describe('readProjectInstructions', () => {
  it('prefers AGENTS.md, falls back to CLAUDE.md, and returns nothing without either', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-prompt-'));
    expect(readProjectInstructions(dir)).toBeUndefined();
    fs.writeFileSync(path.join(dir, 'CLAUDE.md'), 'claude rules');
    expect(readProjectInstructions(dir)).toEqual({ file: 'CLAUDE.md', text: 'claude rules' });
    fs.writeFileSync(path.join(dir, 'AGENTS.md'), 'agent rules');
    expect(readProjectInstructions(dir)).toEqual({ file: 'AGENTS.md', text: 'agent rules' });
  });
});
