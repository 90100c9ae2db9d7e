import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { projectCacheKey, runTurn } from '../../src/agent/loop.js';
import type { ContextItem } from '../../src/model/conversation.js';
import {
  commonPrefixLength,
  echoTool,
  toolOutputs,
  turnOptions,
  userTexts,
} from '../support/scripted-server/harness.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(['responses', 'chat'] as const)('runTurn over the %s API', (api) => {
  it('runs a multi-step tool task: the tool output reaches the next request, then the model answers', async () => {
    server = await startScriptedServer((request, index) => {
      if (index === 0) {
        return {
          ...(api === 'responses' ? { reasoning: { encrypted: 'enc-1', summary: 'Need to echo.' } } : {}),
          text: 'Let me look.',
          toolCalls: [{ id: 'call_1', name: 'echo', arguments: { text: 'hi' } }],
          usage: { input: 120, cached: 0, output: 7 },
        };
      }
      const seen = toolOutputs(request).call_1;
      return {
        text: `Echo the greeting\n\nThe tool said: ${seen}`,
        usage: { input: 150, cached: 100, output: 9 },
      };
    });
    const events: AgentEvent[] = [];
    const persisted: ContextItem[] = [];
    const result = await runTurn(
      turnOptions(server, api, { onEvent: (e) => events.push(e), onItem: (item) => persisted.push(item) }),
    );

    expect(result.status).toBe('done');
    expect(result.finalText).toBe('Echo the greeting\n\nThe tool said: echoed: hi');
    expect(result.steps).toBe(2);
    expect(result.usage).toEqual({ input: 270, cached: 100, output: 16 });
    expect(persisted).toEqual(result.items);
    expect(result.items.map((i) => i.type)).toEqual([
      'message',
      ...(api === 'responses' ? ['reasoning'] : []),
      'message',
      'function_call',
      'function_call_output',
      'message',
    ]);
    const text = events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
    expect(text).toBe(`Let me look.${result.finalText}`);
    expect(events).toContainEqual({ type: 'tool-start', callId: 'call_1', name: 'echo', summary: 'echo hi' });
    expect(events.filter((e) => e.type === 'usage')).toEqual([
      { type: 'usage', input: 120, cached: 0, output: 7 },
      { type: 'usage', input: 150, cached: 100, output: 9 },
    ]);
    expect(server.requests).toHaveLength(2);
  });

  it('replays every earlier item in order and keeps the prefix byte-identical', async () => {
    server = await startScriptedServer([
      {
        ...(api === 'responses' ? { reasoning: { encrypted: 'enc-A' } } : {}),
        text: 'First.',
        toolCalls: [{ id: 'c1', name: 'echo', arguments: { text: 'one' } }],
      },
      {
        ...(api === 'responses' ? { reasoning: { encrypted: 'enc-B' } } : {}),
        toolCalls: [
          { id: 'c2', name: 'echo', arguments: { text: 'two' } },
          { id: 'c3', name: 'echo', arguments: { text: 'three' } },
        ],
      },
      { text: 'All done' },
    ]);
    const history: ContextItem[] = [
      { type: 'message', role: 'user', content: 'earlier intent' },
      { type: 'message', role: 'assistant', content: 'earlier answer' },
    ];
    const result = await runTurn(turnOptions(server, api, { history }));
    expect(result.status).toBe('done');
    const [first, second, third] = server.requests;

    if (api === 'responses') {
      expect(third!.body).toMatchObject({
        model: 'test-model',
        stream: true,
        store: false,
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: projectCacheKey('/tmp/demo'),
      });
      expect(third!.body.input).toEqual([
        { type: 'message', role: 'user', content: 'earlier intent' },
        { type: 'message', role: 'assistant', content: 'earlier answer' },
        { type: 'message', role: 'user', content: 'do the thing' },
        { type: 'reasoning', id: expect.any(String), encrypted_content: 'enc-A', summary: [] },
        { type: 'message', role: 'assistant', content: 'First.' },
        { type: 'function_call', call_id: 'c1', name: 'echo', arguments: '{"text":"one"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'echoed: one' },
        { type: 'reasoning', id: expect.any(String), encrypted_content: 'enc-B', summary: [] },
        { type: 'function_call', call_id: 'c2', name: 'echo', arguments: '{"text":"two"}' },
        { type: 'function_call', call_id: 'c3', name: 'echo', arguments: '{"text":"three"}' },
        { type: 'function_call_output', call_id: 'c2', output: 'echoed: two' },
        { type: 'function_call_output', call_id: 'c3', output: 'echoed: three' },
      ]);
      expect(third!.body.tools).toEqual([
        expect.objectContaining({ type: 'function', name: 'echo', strict: false }),
      ]);
    } else {
      expect(third!.body).toMatchObject({
        model: 'test-model',
        stream: true,
        stream_options: { include_usage: true },
      });
      const messages = third!.body.messages as Record<string, unknown>[];
      expect(messages[0]).toMatchObject({ role: 'system' });
      expect(messages.slice(1)).toEqual([
        { role: 'user', content: 'earlier intent' },
        { role: 'assistant', content: 'earlier answer' },
        { role: 'user', content: 'do the thing' },
        {
          role: 'assistant',
          content: 'First.',
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'echo', arguments: '{"text":"one"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'echoed: one' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c2', type: 'function', function: { name: 'echo', arguments: '{"text":"two"}' } },
            { id: 'c3', type: 'function', function: { name: 'echo', arguments: '{"text":"three"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'c2', content: 'echoed: two' },
        { role: 'tool', tool_call_id: 'c3', content: 'echoed: three' },
      ]);
    }
    // Each request is the one before plus new items: all of it but the closing `]}` is shared.
    expect(commonPrefixLength(first!.raw, second!.raw)).toBe(first!.raw.length - 2);
    expect(commonPrefixLength(second!.raw, third!.raw)).toBe(second!.raw.length - 2);
  });

  it('tells the model about malformed arguments, bad arguments and unknown tools, and carries on', async () => {
    server = await startScriptedServer([
      {
        toolCalls: [
          { id: 'bad-json', name: 'echo', arguments: '{"text": "unterminated' },
          { id: 'bad-args', name: 'echo', arguments: { words: 3 } },
          { id: 'no-tool', name: 'launch_rockets', arguments: {} },
        ],
      },
      { text: 'Recovered' },
    ]);
    const result = await runTurn(turnOptions(server, api));
    expect(result.status).toBe('done');
    expect(result.finalText).toBe('Recovered');
    const outputs = toolOutputs(server.requests[1]!);
    expect(outputs['bad-json']).toMatch(/^error: the arguments of echo are not valid JSON/);
    expect(outputs['bad-args']).toMatch(/^error: invalid arguments for echo:[\s\S]*text/);
    expect(outputs['no-tool']).toBe('error: there is no tool named "launch_rockets". Available tools: echo.');
  });

  it('injects steering text as a user message before the next request', async () => {
    server = await startScriptedServer([
      { toolCalls: [{ id: 's1', name: 'echo', arguments: { text: 'x' } }] },
      { text: 'Done with both' },
    ]);
    const pending = ['also update the README'];
    const result = await runTurn(turnOptions(server, api, { steering: () => pending.splice(0) }));
    expect(result.status).toBe('done');
    // Drained before the first request, so it follows the intent; nothing new after.
    expect(userTexts(server.requests[0]!)).toEqual(['do the thing', 'also update the README']);
    expect(userTexts(server.requests[1]!)).toEqual(['do the thing', 'also update the README']);
  });

  it('answers steering that arrives during the final answer with another request', async () => {
    server = await startScriptedServer([
      { toolCalls: [{ id: 's1', name: 'echo', arguments: { text: 'x' } }] },
      { text: 'First answer' },
      { text: 'Second answer' },
    ]);
    let calls = 0;
    const result = await runTurn(
      turnOptions(server, api, { steering: () => (++calls === 3 ? ['one more thing'] : []) }),
    );
    expect(result.status).toBe('done');
    expect(result.finalText).toBe('Second answer');
    expect(userTexts(server.requests[2]!)).toEqual(['do the thing', 'one more thing']);
  });

  it('stops with a clear failure at maxSteps, leaving a valid history', async () => {
    server = await startScriptedServer((_request, index) => ({
      toolCalls: [{ id: `loop-${index}`, name: 'echo', arguments: { text: 'again' } }],
    }));
    const result = await runTurn(turnOptions(server, api, { maxSteps: 3 }));
    expect(result.status).toBe('failed');
    expect(result.error).toBe('stopped after 3 model requests without a final answer (maxSteps is 3)');
    expect(server.requests).toHaveLength(3);
    expect(result.items.at(-1)).toEqual({
      type: 'function_call_output',
      call_id: 'loop-2',
      output: 'echoed: again',
    });
  });

  it('renders a structured intent with the queue info', async () => {
    server = await startScriptedServer([{ text: 'ok' }]);
    await runTurn(
      turnOptions(server, api, {
        userMessage: {
          text: 'fix the flaky test',
          gitStatus: 'branch main, clean',
          date: new Date('2026-01-02'),
        },
        queueInfo: { waiting: 2 },
        tools: [echoTool],
      }),
    );
    const [text] = userTexts(server.requests[0]!);
    expect(text).toContain('fix the flaky test');
    expect(text).toContain('date: 2026-01-02');
    expect(text).toContain('2 more intents wait in the queue after this one');
  });
});
