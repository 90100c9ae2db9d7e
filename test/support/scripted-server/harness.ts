// Helpers for agent-loop tests: a model config pointing at the scripted server, small test tools and
// turn options with fast retries.
import { z } from 'zod';
import type { RunTurnOptions } from '../../../src/agent/loop.js';
import { buildPrefix } from '../../../src/agent/prompt.js';
import type { ModelConfig } from '../../../src/agent/provider.js';
import { defineTool, type Tool } from '../../../src/agent/tool.js';
import type { ScriptedServer } from '../scripted-server.js';
import type { Api, RecordedRequest } from './types.js';

export function testConfig(
  server: ScriptedServer,
  api: Api,
  overrides: Partial<ModelConfig> = {},
): ModelConfig {
  return {
    provider: 'custom',
    baseURL: server.baseURL,
    apiKey: 'test-key',
    apiKeyEnv: 'OPENAI_API_KEY',
    model: 'test-model',
    api,
    contextWindow: 200_000,
    compactThreshold: 0.8,
    requestTimeoutMs: 10_000,
    ...overrides,
  };
}

export const echoTool = defineTool({
  name: 'echo',
  description: 'Echo the text back.',
  parameters: z.object({ text: z.string().describe('What to echo') }),
  kind: 'read',
  describe: (args) => `echo ${args.text}`,
  run: async (args) => ({ output: `echoed: ${args.text}`, summary: `echo ${args.text}` }),
});

/** A write tool that records what it wrote, for approval tests. */
export function writeTool(writes: string[]): Tool {
  return defineTool({
    name: 'write_note',
    description: 'Write a note.',
    parameters: z.object({ note: z.string() }),
    kind: 'write',
    describe: (args) => `write_note ${args.note}`,
    run: async (args) => {
      writes.push(args.note);
      return { output: `wrote ${args.note}`, summary: `write_note ${args.note}` };
    },
  });
}

/** An exec tool that runs until the signal aborts (like a long command killed on cancel). */
export function waitTool(started: () => void): Tool {
  return defineTool({
    name: 'wait',
    description: 'Wait until cancelled.',
    parameters: z.object({}),
    kind: 'exec',
    describe: () => 'wait',
    run: (_args, ctx) =>
      new Promise((_resolve, reject) => {
        started();
        ctx.signal.addEventListener('abort', () => reject(new Error('killed')), { once: true });
      }),
  });
}

export function turnOptions(
  server: ScriptedServer,
  api: Api,
  overrides: Partial<RunTurnOptions> = {},
): RunTurnOptions {
  const tools = overrides.tools ?? [echoTool];
  return {
    config: testConfig(server, api),
    prefix: buildPrefix({ projectName: 'demo', tools, siblings: ['api', 'web'] }),
    history: [],
    userMessage: 'do the thing',
    tools,
    toolContext: { projectRoot: '/tmp/demo', commandTimeoutMs: 5_000, changedFiles: new Set() },
    maxSteps: 10,
    retry: { baseDelayMs: 5, maxDelayMs: 2_000 },
    ...overrides,
  };
}

/** Length of the common byte prefix of two buffers. */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** The tool outputs a request carried, by call id (both APIs). */
export function toolOutputs(request: RecordedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  if (request.api === 'responses') {
    for (const item of request.body.input as { type?: string; call_id?: string; output?: string }[]) {
      if (item.type === 'function_call_output') out[item.call_id!] = item.output!;
    }
  } else {
    for (const message of request.body.messages as {
      role: string;
      tool_call_id?: string;
      content?: string;
    }[]) {
      if (message.role === 'tool') out[message.tool_call_id!] = message.content!;
    }
  }
  return out;
}

/** The user-message texts a request carried, in order (both APIs). */
export function userTexts(request: RecordedRequest): string[] {
  const list = (request.api === 'responses' ? request.body.input : request.body.messages) as {
    role?: string;
    content?: unknown;
  }[];
  return list.filter((m) => m.role === 'user').map((m) => String(m.content));
}
