// One streamed Chat Completions request, read chunk by chunk with our own tool-call accumulator (the
// SDK's stream helper throws on the dialects of Ollama, LiteLLM and friends).
import { randomUUID } from 'node:crypto';
import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ContextItem } from '../model/conversation.js';
import { ChatToolCallAccumulator } from './chat-tool-calls.js';
import type { Usage } from './events.js';
import { toChatMessages } from './items.js';
import type { StepOutput, StepRequest } from './step.js';

export async function streamChatStep(client: OpenAI, request: StepRequest): Promise<StepOutput> {
  const { config, prefix, watch } = request;
  const body = {
    model: config.model,
    stream: true as const,
    stream_options: { include_usage: true },
    ...(config.reasoningEffort ? { reasoning_effort: config.reasoningEffort } : {}),
    ...(prefix.tools.length
      ? {
          tools: prefix.tools.map((tool) => ({
            type: 'function' as const,
            function: { name: tool.name, description: tool.description, parameters: tool.parameters },
          })),
        }
      : {}),
    // The growing conversation last, so every request starts with the bytes of the one before.
    messages: toChatMessages(prefix.instructions, request.items),
  };
  const stream = await client.chat.completions.create(body, { signal: watch.signal });
  const calls = new ChatToolCallAccumulator();
  let text = '';
  let finished = false;
  let usage: Usage | undefined;
  for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
    watch.alive();
    if (chunk.usage) {
      usage = {
        input: chunk.usage.prompt_tokens ?? 0,
        cached: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
        output: chunk.usage.completion_tokens ?? 0,
      };
    }
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta as ChatCompletionChunk.Choice.Delta & {
      reasoning_content?: string;
      reasoning?: string;
    };
    if (delta?.content) {
      watch.partial = true;
      text += delta.content;
      request.onEvent({ type: 'text', delta: delta.content });
    }
    const reasoning = delta?.reasoning_content ?? delta?.reasoning;
    if (typeof reasoning === 'string' && reasoning) {
      watch.partial = true;
      request.onEvent({ type: 'reasoning', delta: reasoning });
    }
    for (const call of delta?.tool_calls ?? []) {
      watch.partial = true;
      calls.add(call);
    }
    if (choice.finish_reason) finished = true;
  }
  if (!finished) watch.broke();
  const items: ContextItem[] = [];
  if (text) items.push({ type: 'message', role: 'assistant', content: text });
  const callPrefix = `call_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  for (const call of calls.finish((position) => `${callPrefix}_${position}`)) {
    items.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments });
  }
  return { items, text, usage: usage ?? { input: 0, cached: 0, output: 0 } };
}
