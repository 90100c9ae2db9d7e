// One streamed Responses API request: events out as they arrive, the completed output items at the end.
import type OpenAI from 'openai';
import type { ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { ModelError } from '../errors.js';
import type { ContextItem } from '../model/conversation.js';
import type { Usage } from './events.js';
import { toResponsesInput } from './items.js';
import { StreamBrokeError } from './retry.js';
import type { StepOutput, StepRequest } from './step.js';

export async function streamResponsesStep(client: OpenAI, request: StepRequest): Promise<StepOutput> {
  const { config, prefix, watch } = request;
  const body = {
    model: config.model,
    stream: true as const,
    store: false,
    include: ['reasoning.encrypted_content' as const],
    ...(request.promptCacheKey ? { prompt_cache_key: request.promptCacheKey } : {}),
    ...(config.reasoningEffort
      ? { reasoning: { effort: config.reasoningEffort, summary: 'auto' as const } }
      : {}),
    // Instructions and tools first and identical every time; the growing input last.
    instructions: prefix.instructions,
    ...(prefix.tools.length
      ? {
          tools: prefix.tools.map((tool) => ({
            type: 'function' as const,
            name: tool.name,
            description: tool.description,
            parameters: tool.parameters,
            strict: false,
          })),
        }
      : {}),
    input: toResponsesInput(request.items),
  };
  const stream = await client.responses.create(body, { signal: watch.signal });
  const done = new Map<number, ContextItem>();
  let usage: Usage | undefined;
  let text = '';
  for await (const event of stream as AsyncIterable<ResponseStreamEvent>) {
    watch.alive();
    switch (event.type) {
      case 'response.output_text.delta':
        watch.partial = true;
        text += event.delta;
        request.onEvent({ type: 'text', delta: event.delta });
        break;
      case 'response.reasoning_summary_text.delta':
        watch.partial = true;
        request.onEvent({ type: 'reasoning', delta: event.delta });
        break;
      case 'response.output_item.added':
        watch.partial = true;
        break;
      case 'response.output_item.done': {
        const item = toContextItem(event.item);
        if (item) done.set(event.output_index, item);
        break;
      }
      case 'response.completed':
      case 'response.incomplete': {
        const u = event.response.usage;
        usage = {
          input: u?.input_tokens ?? 0,
          cached: u?.input_tokens_details?.cached_tokens ?? 0,
          output: u?.output_tokens ?? 0,
        };
        // Items whose done event we missed are still in the final response.
        event.response.output.forEach((output, index) => {
          if (done.has(index)) return;
          const item = toContextItem(output);
          if (item) done.set(index, item);
        });
        break;
      }
      case 'response.failed': {
        const error = event.response.error;
        const message = `${error?.code ?? 'failed'}: ${error?.message ?? 'the model failed'}`;
        if (error?.code === 'server_error' || error?.code === 'rate_limit_exceeded') {
          throw new StreamBrokeError(`response failed (${message})`, watch.partial);
        }
        throw new ModelError(`the model failed: ${message}`);
      }
    }
  }
  if (!usage) watch.broke();
  const items = [...done.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
  return { items, text, usage: usage! };
}

function toContextItem(item: ResponseOutputItem): ContextItem | undefined {
  switch (item.type) {
    case 'message': {
      const content = item.content
        .map((part) =>
          part.type === 'output_text' ? part.text : part.type === 'refusal' ? part.refusal : '',
        )
        .join('');
      return { type: 'message', role: 'assistant', content };
    }
    case 'function_call':
      return { type: 'function_call', call_id: item.call_id, name: item.name, arguments: item.arguments };
    case 'reasoning':
      // Without its encrypted content a reasoning item cannot be replayed when `store` is false.
      if (!item.encrypted_content) return undefined;
      return {
        type: 'reasoning',
        id: item.id,
        encrypted_content: item.encrypted_content,
        summary: item.summary.map((part) => ({ type: 'summary_text', text: part.text })),
      };
    default:
      return undefined;
  }
}
