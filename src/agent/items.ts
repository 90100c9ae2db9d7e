// Context items (`model/conversation.ts`) converted for the two APIs: Responses input as it is, Chat
// Completions messages for servers that only speak chat; and the repair of a history cut short.
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { ContextItem, MessageItem } from '../model/conversation.js';

export function userMessage(content: string): MessageItem {
  return { type: 'message', role: 'user', content };
}

/** The items as the Responses API `input`, in order. */
export function toResponsesInput(items: readonly ContextItem[]): ResponseInputItem[] {
  return items.map((item): ResponseInputItem => {
    if (item.type === 'reasoning') {
      // The SDK type wants an id; an item we built ourselves (e.g. from a compatible server) may lack one.
      return {
        type: 'reasoning',
        ...(item.id ? { id: item.id } : {}),
        encrypted_content: item.encrypted_content,
        summary: item.summary,
      } as ResponseInputItem;
    }
    return item;
  });
}

/**
 * The items as Chat Completions messages after the system message: consecutive function calls join
 * the assistant message before them, outputs become `tool` messages, reasoning is dropped.
 */
export function toChatMessages(
  instructions: string,
  items: readonly ContextItem[],
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: instructions }];
  let assistant: Extract<ChatCompletionMessageParam, { role: 'assistant' }> | undefined;
  for (const item of items) {
    if (item.type === 'reasoning') continue;
    if (item.type === 'function_call') {
      if (!assistant) {
        assistant = { role: 'assistant', content: null };
        messages.push(assistant);
      }
      assistant.tool_calls ??= [];
      assistant.tool_calls.push({
        id: item.call_id,
        type: 'function',
        function: { name: item.name, arguments: item.arguments },
      });
      continue;
    }
    if (item.type === 'function_call_output') {
      assistant = undefined;
      messages.push({ role: 'tool', tool_call_id: item.call_id, content: item.output });
      continue;
    }
    if (item.role === 'assistant') {
      assistant = { role: 'assistant', content: item.content };
      messages.push(assistant);
      continue;
    }
    assistant = undefined;
    // Many local servers reject the `developer` role; `system` means the same to them.
    messages.push({ role: item.role === 'user' ? 'user' : 'system', content: item.content });
  }
  return messages;
}

export const interruptedOutput =
  'error: the tool call was interrupted (cancelled or the app stopped) and did not finish';

/**
 * Makes a history valid to send again after a crash or cancel: every function call gets an output
 * (the API rejects a call without one), placed after the calls and outputs of its step, and trailing
 * reasoning with nothing after it is dropped.
 */
export function repairHistory(items: readonly ContextItem[]): ContextItem[] {
  const answered = new Set(items.filter((i) => i.type === 'function_call_output').map((i) => i.call_id));
  const out: ContextItem[] = [];
  let pending: string[] = [];
  const flush = () => {
    for (const call_id of pending)
      out.push({ type: 'function_call_output', call_id, output: interruptedOutput });
    pending = [];
  };
  for (const item of items) {
    if (item.type !== 'function_call' && item.type !== 'function_call_output') flush();
    out.push(item);
    if (item.type === 'function_call' && !answered.has(item.call_id)) pending.push(item.call_id);
  }
  flush();
  while (out.at(-1)?.type === 'reasoning') out.pop();
  return out;
}
