import { describe, expect, it } from 'vitest';
import { interruptedOutput, repairHistory, toChatMessages, toResponsesInput } from '../../src/agent/items.js';
import type { ContextItem } from '../../src/model/conversation.js';

const history: ContextItem[] = [
  { type: 'message', role: 'developer', content: 'pinned: use pnpm' },
  { type: 'message', role: 'user', content: 'fix it' },
  { type: 'reasoning', id: 'rs_1', encrypted_content: 'enc', summary: [] },
  { type: 'function_call', call_id: 'a', name: 'read', arguments: '{}' },
  { type: 'function_call_output', call_id: 'a', output: 'file' },
  { type: 'message', role: 'assistant', content: 'done' },
];

describe('context items', () => {
  it('are the Responses input as they are, reasoning included', () => {
    expect(toResponsesInput(history)).toEqual(history);
    const [withoutId] = toResponsesInput([{ type: 'reasoning', encrypted_content: 'x', summary: [] }]);
    expect(withoutId).toEqual({ type: 'reasoning', encrypted_content: 'x', summary: [] });
  });

  it('become chat messages: system first, developer as system, reasoning dropped', () => {
    expect(toChatMessages('SYS', history)).toEqual([
      { role: 'system', content: 'SYS' },
      { role: 'system', content: 'pinned: use pnpm' },
      { role: 'user', content: 'fix it' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'a', type: 'function', function: { name: 'read', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'a', content: 'file' },
      { role: 'assistant', content: 'done' },
    ]);
  });

  it('repairHistory answers calls left without output and drops trailing reasoning', () => {
    const broken: ContextItem[] = [
      { type: 'message', role: 'user', content: 'go' },
      { type: 'function_call', call_id: 'a', name: 'x', arguments: '{}' },
      { type: 'function_call', call_id: 'b', name: 'x', arguments: '{}' },
      { type: 'function_call_output', call_id: 'a', output: 'ok' },
      { type: 'message', role: 'user', content: 'next intent' },
      { type: 'reasoning', id: 'rs', encrypted_content: 'e', summary: [] },
    ];
    expect(repairHistory(broken)).toEqual([
      broken[0],
      broken[1],
      broken[2],
      broken[3],
      { type: 'function_call_output', call_id: 'b', output: interruptedOutput },
      broken[4],
    ]);
    expect(repairHistory(history)).toEqual(history);
  });
});
