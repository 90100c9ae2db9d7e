// A scripted turn as a Chat Completions server streams it, including the sloppy tool-call dialects.
import { pieces, type SseEvent } from './responses-events.js';
import type { ScriptedToolCall, ScriptedTurn } from './types.js';

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(6, '0')}`;

type ToolCallDelta = Record<string, unknown>;

/** The tool-call deltas of one call, in the dialect the turn asks for. */
function callDeltas(turn: ScriptedTurn, call: ScriptedToolCall, position: number): ToolCallDelta[] {
  const id = call.id ?? nextId('call');
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
  switch (turn.sloppy) {
    case 'one-chunk':
      return [{ index: position, id, type: 'function', function: { name: call.name, arguments: args } }];
    case 'object-args':
      return [{ id, function: { name: call.name, arguments: JSON.parse(args) } }];
    case 'no-index':
      return [
        { id, type: 'function', function: { name: call.name, arguments: '' } },
        ...pieces(args).map((part) => ({ function: { arguments: part } })),
      ];
    case 'all-index-0':
      return [
        { index: 0, id, type: 'function', function: { name: call.name, arguments: '' } },
        ...pieces(args).map((part) => ({ index: 0, function: { arguments: part } })),
      ];
    case 'no-id':
      return [
        { index: position, type: 'function', function: { name: call.name, arguments: '' } },
        ...pieces(args).map((part) => ({ index: position, function: { arguments: part } })),
      ];
    default:
      return [
        { index: position, id, type: 'function', function: { name: call.name, arguments: '' } },
        ...pieces(args).map((part) => ({ index: position, function: { arguments: part } })),
      ];
  }
}

function usageOf(turn: ScriptedTurn) {
  const input = turn.usage?.input ?? 100;
  const output = turn.usage?.output ?? 10;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: turn.usage?.cached ?? 0 },
  };
}

/** The `data:` chunks of one streamed chat completion (the final `[DONE]` is the server's job). */
export function chatChunks(model: string, turn: ScriptedTurn, includeUsage: boolean): SseEvent[] {
  const id = nextId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null): SseEvent => ({
    data: {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason }],
    },
  });
  const events: SseEvent[] = [chunk({ role: 'assistant', content: '' })];
  for (const part of turn.deltas ?? pieces(turn.text ?? '')) events.push(chunk({ content: part }));
  (turn.toolCalls ?? []).forEach((call, position) => {
    for (const delta of callDeltas(turn, call, position)) events.push(chunk({ tool_calls: [delta] }));
  });
  events.push(chunk({}, turn.toolCalls?.length ? 'tool_calls' : 'stop'));
  if (includeUsage) {
    events.push({
      data: { id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(turn) },
    });
  }
  return events;
}

/** The non-streaming chat completion body. */
export function chatCompletion(model: string, turn: ScriptedTurn) {
  const toolCalls = (turn.toolCalls ?? []).map((call) => ({
    id: call.id ?? nextId('call'),
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
  return {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: turn.text ?? null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: usageOf(turn),
  };
}
