// What a running turn reports upward (to core, then the pane) and what it returns.
import type { ContextItem } from '../model/conversation.js';
import type { Usage } from '../model/feed.js';

export type { AgentEvent, ApprovalAnswer, Usage } from '../model/feed.js';
export interface ApprovalRequest {
  tool: string;
  summary: string;
  /** Set when the call asks to run outside the sandbox: the model's reason. */
  escalation?: string;
  /** Everything the action does, unabridged (the approval prompt shows all of it). */
  detail: string;
}

export interface TurnResult {
  status: 'done' | 'failed' | 'cancelled';
  /** The model's last answer (the summary whose first line may become a commit subject). */
  finalText: string;
  /** One line, set when failed. */
  error?: string;
  usage: Usage;
  /** Model requests that completed. */
  steps: number;
  /** Every item this turn added to the context, in order (the same ones passed to onItem). */
  items: ContextItem[];
}
