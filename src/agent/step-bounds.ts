// Bounds on what one model response may make Shipyard do and keep: 300 tool calls in one response or
// a 20 MB answer are cut to limits, in storage and in every later request; the model reads what was
// left out and why.
import type { ContextItem, FunctionCallItem, FunctionCallOutputItem } from '../model/conversation.js';
import { capToolOutput } from './truncate.js';

/** Tool calls of one response that run; the rest are answered with an error the model can read. */
export const MAX_TOOL_CALLS_PER_RESPONSE = 32;
/** An answer's text as stored and re-sent (head and tail kept). */
export const MAX_ANSWER_BYTES = 256 * 1024;
/** One call's arguments; a bigger call is not run (a patch that large is better sent in pieces). */
export const MAX_ARGUMENTS_BYTES = 1024 * 1024;

/** The item as it is stored and re-sent: an assistant answer or call arguments within their limits. */
export function boundItem(item: ContextItem): ContextItem {
  if (item.type === 'message' && item.role === 'assistant') {
    const content = boundAnswer(item.content);
    return content === item.content ? item : { ...item, content };
  }
  if (item.type === 'function_call' && oversized(item)) {
    return { ...item, arguments: capToolOutput(item.arguments, MAX_ARGUMENTS_BYTES) };
  }
  return item;
}

export function boundAnswer(text: string): string {
  return capToolOutput(text, MAX_ANSWER_BYTES);
}

function oversized(call: FunctionCallItem): boolean {
  return (
    call.arguments.length * 3 > MAX_ARGUMENTS_BYTES && Buffer.byteLength(call.arguments) > MAX_ARGUMENTS_BYTES
  );
}

/**
 * Why the call at `index` of its response is not run, or undefined when it may run. Arguments are
 * judged as the model sent them (before `boundItem` cut them for storage).
 */
export function refusal(call: FunctionCallItem, index: number): FunctionCallOutputItem | undefined {
  let output: string | undefined;
  if (index >= MAX_TOOL_CALLS_PER_RESPONSE) {
    output = `error: not run: one response may call at most ${MAX_TOOL_CALLS_PER_RESPONSE} tools, and this was call ${index + 1}. Call it again in your next response if it is still needed.`;
  } else if (oversized(call)) {
    output = `error: not run: the arguments of ${call.name} are ${Buffer.byteLength(call.arguments)} bytes, over the ${MAX_ARGUMENTS_BYTES}-byte limit. Send smaller pieces (several patches or edits).`;
  }
  return output === undefined ? undefined : { type: 'function_call_output', call_id: call.call_id, output };
}
