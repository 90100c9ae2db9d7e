// Agent loop benchmark (`npx tsx bench/agent.ts`), against the scripted server over real HTTP:
// 1. loop overhead per step = wall time per step − server time − tool time (no-op tool, zero-delay
//    server), median over 200 steps; goal ≤ 5 ms.
// 2. prefix reuse = bytes each request shares with the start of the previous one / its size,
//    averaged over a realistic intent (real tool schemas, an earlier intent in the history,
//    ~1.5 KB tool outputs); goal ≥ 99 %.
import { z } from 'zod';
import type { AgentEvent } from '../src/agent/events.js';
import { runTurn } from '../src/agent/loop.js';
import { buildPrefix } from '../src/agent/prompt.js';
import { defineTool, type Tool } from '../src/agent/tool.js';
import { projectTools, referenceTools } from '../src/agent/tools/index.js';
import type { ContextItem } from '../src/model/conversation.js';
import { commonPrefixLength, testConfig } from '../test/support/scripted-server/harness.js';
import { startScriptedServer } from '../test/support/scripted-server.js';

type Api = 'responses' | 'chat';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

function noopTool(output: string, toolTimes: number[]): Tool {
  return defineTool({
    name: 'noop',
    description: 'Does nothing.',
    parameters: z.object({ n: z.number() }),
    kind: 'read',
    describe: (args) => `noop ${args.n}`,
    run: async () => {
      const started = performance.now();
      const result = { output, summary: 'noop' };
      toolTimes.push(performance.now() - started);
      return result;
    },
  });
}

async function runIntent(api: Api, steps: number, toolOutput: string, history: ContextItem[]) {
  const server = await startScriptedServer((_request, index) =>
    index < steps
      ? { text: index === 0 ? 'Looking.' : undefined, toolCalls: [{ name: 'noop', arguments: { n: index } }] }
      : { text: 'Done: benchmark finished' },
  );
  const toolTimes: number[] = [];
  const tools = [...projectTools, ...referenceTools, noopTool(toolOutput, toolTimes)];
  const stepStarts: number[] = [];
  try {
    const result = await runTurn({
      config: testConfig(server, api),
      prefix: buildPrefix({
        projectName: 'bench',
        tools,
        siblings: ['api', 'web', 'docs'],
        projectInstructions: {
          file: 'AGENTS.md',
          text: 'Use npm. Run `npm test` before finishing.\n'.repeat(20),
        },
      }),
      history,
      userMessage: 'Run the benchmark intent.',
      tools,
      toolContext: { projectRoot: '/tmp/bench', commandTimeoutMs: 5_000, changedFiles: new Set() },
      maxSteps: steps + 1,
      onEvent: (event: AgentEvent) => {
        if (event.type === 'step') stepStarts.push(performance.now());
      },
    });
    const end = performance.now();
    if (result.status !== 'done') throw new Error(`bench turn ${result.status}: ${result.error}`);
    const overheads = server.requests.map((request, i) => {
      const wall = (stepStarts[i + 1] ?? end) - stepStarts[i]!;
      const serverTime = (request.doneAt ?? request.at) - request.at;
      return wall - serverTime - (toolTimes[i] ?? 0);
    });
    const pairs = server.requests.slice(1).map((request, i) => {
      const previous = server.requests[i]!.raw;
      return {
        common: commonPrefixLength(previous, request.raw),
        previous: previous.length,
        size: request.raw.length,
      };
    });
    const shares = pairs.map((p) => p.common / p.size);
    const kept = pairs.map((p) => p.common / p.previous);
    return { overheads, shares, kept, requestBytes: server.requests.at(-1)!.raw.length };
  } finally {
    await server.close();
  }
}

function earlierIntent(): ContextItem[] {
  const items: ContextItem[] = [
    { type: 'message', role: 'user', content: 'An earlier intent about the parser.' },
  ];
  for (let i = 0; i < 6; i++) {
    items.push({
      type: 'function_call',
      call_id: `old-${i}`,
      name: 'read_file',
      arguments: `{"path":"src/f${i}.ts"}`,
    });
    items.push({ type: 'function_call_output', call_id: `old-${i}`, output: 'const x = 1;\n'.repeat(120) });
  }
  items.push({ type: 'message', role: 'assistant', content: 'Fix the parser\n\nChanged two files.' });
  return items;
}

const percent = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length) * 100;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

for (const api of ['responses', 'chat'] as const) {
  await runIntent(api, 20, 'ok', []); // warm up the JIT, the client and the connection
  const noop = await runIntent(api, 200, 'ok', []);
  const real = await runIntent(api, 12, 'line of a source file being read\n'.repeat(45), earlierIntent());
  const ms = median(noop.overheads);
  const share = percent(noop.shares);
  console.log(`${api}:`);
  console.log(
    `  loop overhead per step: median ${ms.toFixed(2)} ms over ${noop.overheads.length} steps (goal ≤ 5 ms) ${verdict(ms <= 5)}`,
  );
  console.log(
    `  prefix reuse, 200-step no-op intent: ${share.toFixed(2)} % of each request repeats the previous one (goal ≥ 99 %) ${verdict(share >= 99)}`,
  );
  console.log(
    `  prefix reuse, 12 steps with 1.5 KB tool outputs: ${percent(real.shares).toFixed(2)} % of request bytes ` +
      `(the rest is the new output); ${percent(real.kept).toFixed(3)} % of the previous request kept byte for byte; ` +
      `last request ${real.requestBytes} bytes`,
  );
}
