import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { runTurn } from '../../src/agent/loop.js';
import { echoTool, toolOutputs, turnOptions, waitTool } from '../support/scripted-server/harness.js';
import { type ScriptedServer, type ScriptedTurn, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const answer: ScriptedTurn = { text: 'Fixed the bug' };
const retries = (events: AgentEvent[]) => events.flatMap((e) => (e.type === 'retrying' ? [e] : []));

describe.each(['responses', 'chat'] as const)('faults over the %s API', (api) => {
  it('retries a 429 after the retry-after header', async () => {
    server = await startScriptedServer([{ fault: { kind: 'status', status: 429, retryAfter: '1' } }, answer]);
    const events: AgentEvent[] = [];
    const started = performance.now();
    const result = await runTurn(turnOptions(server, api, { onEvent: (e) => events.push(e) }));
    expect(result.status).toBe('done');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(retries(events)).toEqual([
      {
        type: 'retrying',
        attempt: 2,
        delayMs: 1000,
        message: 'rate limited (429): scripted status 429; retrying in 1s (attempt 2/5)',
      },
    ]);
  });

  it('honours retry-after-ms and retries 500s with backoff', async () => {
    server = await startScriptedServer([
      { fault: { kind: 'status', status: 429, retryAfterMs: '120' } },
      { fault: { kind: 'status', status: 500 } },
      { fault: { kind: 'status', status: 503 } },
      answer,
    ]);
    const events: AgentEvent[] = [];
    const result = await runTurn(turnOptions(server, api, { onEvent: (e) => events.push(e) }));
    expect(result.status).toBe('done');
    expect(server.requests).toHaveLength(4);
    expect(retries(events).map((e) => e.attempt)).toEqual([2, 3, 4]);
    expect(retries(events)[0]!.delayMs).toBe(120);
    expect(retries(events)[1]!.message).toMatch(/^model endpoint error \(500\)/);
  });

  it('gives up after the attempt cap with one line', async () => {
    server = await startScriptedServer(() => ({ fault: { kind: 'status', status: 502 } }));
    const result = await runTurn(turnOptions(server, api, { retry: { maxAttempts: 3, baseDelayMs: 1 } }));
    expect(result.status).toBe('failed');
    expect(result.error).toBe(
      'model endpoint still failing after 3 attempts: model endpoint error (502): scripted status 502',
    );
    expect(server.requests).toHaveLength(3);
  });

  it('fails a 401 at once with one line naming the key variable', async () => {
    server = await startScriptedServer([
      { fault: { kind: 'status', status: 401, message: 'Incorrect API key' } },
    ]);
    const result = await runTurn(turnOptions(server, api));
    expect(result).toMatchObject({
      status: 'failed',
      error: 'model endpoint refused the API key (401) — check OPENAI_API_KEY',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('fails a 404 at once with one line naming the model', async () => {
    server = await startScriptedServer([
      { fault: { kind: 'status', status: 404, message: 'model not found' } },
    ]);
    const result = await runTurn(turnOptions(server, api));
    expect(result.status).toBe('failed');
    expect(result.error).toContain('model "test-model"');
    expect(result.error).toContain('(404)');
    expect(result.error).not.toContain('\n');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a connection reset before any output without discarding anything', async () => {
    server = await startScriptedServer([{ ...answer, fault: { kind: 'reset', afterEvents: 0 } }, answer]);
    const events: AgentEvent[] = [];
    const result = await runTurn(turnOptions(server, api, { onEvent: (e) => events.push(e) }));
    expect(result.status).toBe('done');
    expect(retries(events)).toHaveLength(1);
    expect(events.some((e) => e.type === 'discard')).toBe(false);
  });

  it.each([
    ['reset', { kind: 'reset', afterEvents: 3 }],
    ['broken', { kind: 'broken', afterEvents: 3 }],
  ] as const)(
    're-requests a step whose stream %s mid-way and discards the partial output',
    async (_name, fault) => {
      server = await startScriptedServer([
        { text: 'Let me look at the code first', fault },
        {
          text: 'Let me look at the code first',
          toolCalls: [{ id: 'k1', name: 'echo', arguments: { text: 'a' } }],
        },
        answer,
      ]);
      const events: AgentEvent[] = [];
      const result = await runTurn(turnOptions(server, api, { onEvent: (e) => events.push(e) }));
      expect(result.status).toBe('done');
      expect(events).toContainEqual({ type: 'discard', step: 1 });
      expect(retries(events)).toHaveLength(1);
      // The retried step's items appear once; the partial text never entered the context.
      expect(result.items.filter((i) => i.type === 'message' && i.role === 'assistant')).toHaveLength(2);
      expect(JSON.stringify(server.requests[1]!.body)).toBe(JSON.stringify(server.requests[0]!.body));
      expect(toolOutputs(server.requests[2]!)).toEqual({ k1: 'echoed: a' });
    },
  );

  it('treats a stream that stalls as broken after the idle timeout', async () => {
    server = await startScriptedServer([{ fault: { kind: 'hang' } }, answer]);
    const events: AgentEvent[] = [];
    const result = await runTurn(
      turnOptions(server, api, { idleTimeoutMs: 150, onEvent: (e) => events.push(e) }),
    );
    expect(result.status).toBe('done');
    expect(retries(events)[0]!.message).toMatch(/^no data from the model for 0s/);
  });

  it('cancels mid-stream quickly and aborts the HTTP request', async () => {
    server = await startScriptedServer([{ text: 'word '.repeat(200), delayMs: 20 }]);
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await runTurn(
      turnOptions(server, api, {
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'text' && !abortedAt) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    expect(result.status).toBe('cancelled');
    expect(performance.now() - abortedAt).toBeLessThan(200);
    await expect.poll(() => server!.clientAborts).toBe(1);
    expect(result.items.map((i) => i.type)).toEqual(['message']);
  });

  it('cancels a running tool through the signal and answers its call', async () => {
    server = await startScriptedServer([{ toolCalls: [{ id: 'w1', name: 'wait', arguments: {} }] }]);
    const controller = new AbortController();
    const tool = waitTool(() => setTimeout(() => controller.abort(), 20));
    const result = await runTurn(
      turnOptions(server, api, { tools: [tool, echoTool], signal: controller.signal }),
    );
    expect(result.status).toBe('cancelled');
    expect(result.items.at(-1)).toEqual({
      type: 'function_call_output',
      call_id: 'w1',
      output: 'error: the user cancelled the turn before this tool call ran to completion',
    });
  });
});
