// What a running intent reports, as one typed stream: the process that runs it saves each event and
// announces it in one call (`FeedStore.append` + its own pane or console), and every other process
// reads the same events back from the state database to show the work live.
import type { FinishedState } from './intent.js';

export interface Usage {
  input: number;
  cached: number;
  output: number;
}

/** The user's answer to an approval: `always` approves the rest of this intent's asks too. */
export type ApprovalAnswer = 'yes' | 'no' | 'always';

/** Whether `text` (typed in a shell, or sent over the remote protocol) is an approval answer. */
export function isApprovalAnswer(text: unknown): text is ApprovalAnswer {
  return text === 'yes' || text === 'no' || text === 'always';
}

/** Tokens the living context holds, and the model's window. */
export interface ContextFill {
  tokens: number;
  window: number;
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
  /**
   * Token usage of one model request (an engine: of its whole turn), with how full the context is
   * after it when the agent says (engines: the last request's tokens against the model's window).
   */
  | ({ type: 'usage' } & Usage & { context?: ContextFill })
  | { type: 'retrying'; attempt: number; delayMs: number; message: string }
  /** The step's streamed text so far is void: the stream broke and the step is requested again. */
  | { type: 'discard'; step: number }
  /** A steering text the user sent, read by the agent now (before its next request). */
  | { type: 'steer'; text: string }
  /** A command or write waits for the user (`detail`: all of it, as the prompt shows it). */
  | { type: 'approval'; tool: string; summary: string; detail: string; escalation?: string }
  /** The user answered the approval that waited (in any pane, or `shipyard approve`). */
  | { type: 'approved'; answer: ApprovalAnswer };

export type InfoKind = 'commit' | 'compaction' | 'references' | 'note';

export type FeedEvent =
  /** The intent started: its text, as the pane shows it. */
  | { type: 'start'; text: string }
  /** A line worth showing: a commit, a skipped file, a compaction, references. */
  | { type: 'info'; line: string; kind?: InfoKind }
  /** The intent ended (saved by the runner that finished it or found it interrupted). */
  | { type: 'end'; state: FinishedState; error?: string }
  | AgentEvent;

/** Events of a project outside any intent (a requested compaction, a restore, a held commit). */
export const NO_INTENT = 0;

/** One saved event. */
export interface FeedEntry {
  id: number;
  projectPath: string;
  intentId: number;
  /** The process that ran the intent. */
  pid: number;
  /** When it was saved (ms since the epoch): a replayed pane shows the same ages. */
  at: number;
  event: FeedEvent;
}
