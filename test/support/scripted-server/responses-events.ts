// A scripted turn as the Responses API sends it: the SSE event sequence and the non-streaming body.
import type { ScriptedTurn } from './types.js';

export interface SseEvent {
  /** The SSE `event:` name; chat chunks have none. */
  event?: string;
  data: unknown;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(6, '0')}`;

function argumentsText(args: string | Record<string, unknown>): string {
  return typeof args === 'string' ? args : JSON.stringify(args);
}

/** Splits text into pieces so deltas really stream (at most ~256 of them: a 20 MB answer stays quick). */
export function pieces(text: string, size = Math.max(8, Math.ceil(text.length / 256))): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function usageOf(turn: ScriptedTurn) {
  const input = turn.usage?.input ?? 100;
  const output = turn.usage?.output ?? 10;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: turn.usage?.cached ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

/** The final output items of a turn, in order: reasoning, message, function calls. */
export function outputItems(turn: ScriptedTurn): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  if (turn.reasoning) {
    items.push({
      id: nextId('rs'),
      type: 'reasoning',
      summary: turn.reasoning.summary ? [{ type: 'summary_text', text: turn.reasoning.summary }] : [],
      encrypted_content: turn.reasoning.encrypted,
    });
  }
  if (turn.text !== undefined) {
    items.push({
      id: nextId('msg'),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: turn.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of turn.toolCalls ?? []) {
    items.push({
      id: nextId('fc'),
      type: 'function_call',
      status: 'completed',
      call_id: call.id ?? nextId('call'),
      name: call.name,
      arguments: argumentsText(call.arguments),
    });
  }
  return items;
}

export function responseObject(model: string, turn: ScriptedTurn, output: unknown[], status: string) {
  return {
    id: nextId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    usage: status === 'completed' ? usageOf(turn) : null,
    error: null,
    incomplete_details: null,
  };
}

/** The event sequence OpenAI streams for one response. */
export function responsesEvents(model: string, turn: ScriptedTurn): SseEvent[] {
  const items = outputItems(turn);
  const events: SseEvent[] = [];
  const push = (type: string, fields: Record<string, unknown>) =>
    events.push({ event: type, data: { type, sequence_number: events.length, ...fields } });
  const started = responseObject(model, turn, [], 'in_progress');
  push('response.created', { response: started });
  push('response.in_progress', { response: started });
  items.forEach((item, output_index) => {
    const item_id = item.id;
    if (item.type === 'reasoning') {
      push('response.output_item.added', {
        output_index,
        item: { ...item, summary: [], encrypted_content: null },
      });
      const summary = (item.summary as { text: string }[])[0]?.text;
      if (summary !== undefined) {
        const part = { type: 'summary_text', text: '' };
        push('response.reasoning_summary_part.added', { item_id, output_index, summary_index: 0, part });
        for (const delta of pieces(summary)) {
          push('response.reasoning_summary_text.delta', { item_id, output_index, summary_index: 0, delta });
        }
        push('response.reasoning_summary_text.done', {
          item_id,
          output_index,
          summary_index: 0,
          text: summary,
        });
        push('response.reasoning_summary_part.done', {
          item_id,
          output_index,
          summary_index: 0,
          part: { type: 'summary_text', text: summary },
        });
      }
    } else if (item.type === 'message') {
      const text = turn.text ?? '';
      push('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress', content: [] },
      });
      const part = { type: 'output_text', text: '', annotations: [] };
      push('response.content_part.added', { item_id, output_index, content_index: 0, part });
      for (const delta of turn.deltas ?? pieces(text)) {
        push('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
      }
      push('response.output_text.done', { item_id, output_index, content_index: 0, text, logprobs: [] });
      push('response.content_part.done', {
        item_id,
        output_index,
        content_index: 0,
        part: { ...part, text },
      });
    } else {
      const args = item.arguments as string;
      push('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      for (const delta of pieces(args)) {
        push('response.function_call_arguments.delta', { item_id, output_index, delta });
      }
      push('response.function_call_arguments.done', { item_id, output_index, arguments: args });
    }
    push('response.output_item.done', { output_index, item });
  });
  push('response.completed', { response: responseObject(model, turn, items, 'completed') });
  return events;
}
