// What a running turn reports upward (to core, then the pane) and what it returns.
import type { ContextItem } from '../model/conversation.js';

export interface Usage {
  input: number;
  cached: number;
  output: number;
}

export type AgentEvent =
  /** A model request is about to be sent (1-based). */
  | { type: 'step'; step: number }
  | { type: 'text'; delta: string }
  /** Reasoning summary text, for display only. */
  | { type: 'reasoning'; delta: string }
  | { type: 'tool-start'; callId: string; name: string; summary: string }
  | {
      type: 'tool-end';
      callId: string;
      name: string;
      summary: string;
      isError: boolean;
      durationMs: number;
      /** The first lines of what the tool returned, for people to read (the model gets all of it). */
      preview?: string;
      /** The whole output the model got (capped at 32 KiB), when `preview` does not show all of it. */
      output?: string;
    }
  /** Token usage of one model request. */
  | ({ type: 'usage' } & Usage)
  | { type: 'retrying'; attempt: number; delayMs: number; message: string }
  /** The step's streamed text so far is void: the stream broke and the step is requested again. */
  | { type: 'discard'; step: number };

export type ApprovalAnswer = 'yes' | 'no' | 'always';
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
