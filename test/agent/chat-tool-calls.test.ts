import { afterEach, describe, expect, it } from 'vitest';
import { ChatToolCallAccumulator } from '../../src/agent/chat-tool-calls.js';
import { runTurn } from '../../src/agent/loop.js';
import { toolOutputs, turnOptions } from '../support/scripted-server/harness.js';
import {
  type ScriptedServer,
  type SloppyToolCalls,
  startScriptedServer,
} from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('sloppy chat tool calls from a real stream', () => {
  it.each<SloppyToolCalls>(['no-index', 'all-index-0', 'no-id', 'one-chunk', 'object-args'])(
    'accumulates two calls streamed %s',
    async (sloppy) => {
      server = await startScriptedServer([
        {
          sloppy,
          toolCalls: [
            { name: 'echo', arguments: { text: 'alpha beta gamma' } },
            { name: 'echo', arguments: { text: 'delta' } },
          ],
        },
        { text: 'done' },
      ]);
      const result = await runTurn(turnOptions(server, 'chat'));
      expect(result.status).toBe('done');
      const calls = result.items.filter((i) => i.type === 'function_call');
      expect(calls.map((c) => c.arguments)).toEqual(['{"text":"alpha beta gamma"}', '{"text":"delta"}']);
      expect(new Set(calls.map((c) => c.call_id)).size).toBe(2);
      expect(Object.values(toolOutputs(server.requests[1]!))).toEqual([
        'echoed: alpha beta gamma',
        'echoed: delta',
      ]);
    },
  );
});

describe('ChatToolCallAccumulator', () => {
  const finish = (acc: ChatToolCallAccumulator) => acc.finish((n) => `gen-${n}`);

  it('keeps a call whose server repeats the name on every delta', () => {
    const acc = new ChatToolCallAccumulator();
    acc.add({ index: 0, id: 'a', function: { name: 'read', arguments: '{"pa' } });
    acc.add({ index: 0, id: 'a', function: { name: 'read', arguments: 'th":1}' } });
    expect(finish(acc)).toEqual([{ id: 'a', name: 'read', arguments: '{"path":1}' }]);
  });

  it('starts a new call at index 0 when a second name arrives without ids', () => {
    const acc = new ChatToolCallAccumulator();
    acc.add({ index: 0, function: { name: 'read', arguments: '{}' } });
    acc.add({ index: 0, function: { name: 'read', arguments: '{"x":1}' } });
    expect(finish(acc)).toEqual([
      { id: 'gen-0', name: 'read', arguments: '{}' },
      { id: 'gen-1', name: 'read', arguments: '{"x":1}' },
    ]);
  });

  it('interleaved standard deltas go to their own index', () => {
    const acc = new ChatToolCallAccumulator();
    acc.add({ index: 0, id: 'a', function: { name: 'one', arguments: '' } });
    acc.add({ index: 1, id: 'b', function: { name: 'two', arguments: '' } });
    acc.add({ index: 0, function: { arguments: '{"a":' } });
    acc.add({ index: 1, function: { arguments: '{"b":2}' } });
    acc.add({ index: 0, function: { arguments: '1}' } });
    expect(finish(acc)).toEqual([
      { id: 'a', name: 'one', arguments: '{"a":1}' },
      { id: 'b', name: 'two', arguments: '{"b":2}' },
    ]);
  });
});
