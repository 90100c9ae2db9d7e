// What Shipyard hands an engine (Codex, Claude Code) for one intent and what it gets back. The engine
// runs its own loop; Shipyard keeps the queue, the context id, the approvals, the fence and the commit.
import type { AgentEvent, ApprovalAnswer, ApprovalRequest } from '../agent/events.js';
import type { ApprovalPolicy, EngineName } from '../model/policies.js';

export type { EngineName } from '../model/policies.js';
export type ExternalEngine = Exclude<EngineName, 'shipyard'>;

/** Shipyard's model settings passed through; unset fields leave the engine's own config and login. */
export interface EngineModel {
  baseURL?: string;
  apiKey?: string;
  model?: string;
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Shipyard's `contextWindow` setting: the fill's window when the engine does not say its own. */
  contextWindow?: number;
}

export interface EngineTurnOptions {
  projectRoot: string;
  /** The intent's text with its reference blocks and git state, as one user message. */
  text: string;
  /** The engine's thread or session to resume; a new one when absent. */
  threadId?: string;
  model: EngineModel;
  approval: ApprovalPolicy;
  /** The project's sandbox mode: what Codex's own sandbox falls back to when Shipyard's fence cannot run. */
  sandboxMode: 'workspace-write' | 'read-only' | 'off';
  /** How commands are fenced: Shipyard's bubblewrap around the whole engine process, or none. */
  fence?: EngineFence;
  signal: AbortSignal;
  approve?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  onEvent: (event: AgentEvent) => void;
  /** A line for the pane (engine warnings, the fence). */
  onInfo: (line: string) => void;
  /** Called as soon as the engine names its thread, so a crash mid-turn still resumes it. */
  onThread: (id: string) => void;
  /** Called when one of the engine's commands ran, with its window (epoch ms): only to word what is left out of the commit. */
  onCommand: (startedAt: number, endedAt: number) => void;
  /** Called with the repo-relative paths of a completed file change. */
  onFilesChanged: (paths: string[]) => void;
  /** `shipyard mcp` for the engine: the read-only sibling tools. */
  mcp?: { command: string; args: string[] };
  env: NodeJS.ProcessEnv;
  /** Scratch folder for this turn (launcher, approval socket); removed by the caller. */
  scratch: string;
}

export interface EngineFence {
  /** bwrap and its arguments up to `--` (the engine's command follows). */
  argv: string[];
}

export interface EngineTurnResult {
  status: 'done' | 'failed' | 'cancelled';
  finalText: string;
  error?: string;
}

export type EngineTurn = (options: EngineTurnOptions) => Promise<EngineTurnResult>;
