// The conversation of a project: items in the Responses API input-item shape (what OpenAI replays
// verbatim with `store: false`), and the same items as the state database keeps them.

export interface MessageItem {
  type: 'message';
  role: 'user' | 'assistant' | 'developer' | 'system';
  content: string;
}

export interface FunctionCallItem {
  type: 'function_call';
  call_id: string;
  name: string;
  /** The arguments exactly as the model sent them (a JSON string, possibly malformed). */
  arguments: string;
}

export interface FunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string;
}

export interface ReasoningItem {
  type: 'reasoning';
  id?: string;
  /** Opaque; must be replayed unchanged with `store: false` or the next request fails. */
  encrypted_content: string | null;
  summary: { type: 'summary_text'; text: string }[];
}

export type ContextItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem;

/** One stored item of a project's context (a row of `context_items`). */
export interface ContextEntry {
  id: number;
  contextId: number;
  intentId: number | null;
  kind: string;
  /** The stored JSON, parsed (a `ContextItem` written by the agent; older rows may differ). */
  item: unknown;
  tokens: number;
  /** Epoch milliseconds. */
  createdAt: number;
}
