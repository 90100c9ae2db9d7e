// What a pane shows, computed by core and rendered by the UI as it is.
import type { GitStatus } from '../model/git-status.js';
import type { IntentState } from '../model/intent.js';
import type { Project } from '../model/project.js';

/** What the agent of a project is doing, as the pane shows it. */
export type AgentActivity =
  | { kind: 'idle' }
  | { kind: 'unconfigured'; message: string }
  | { kind: 'thinking'; since: number }
  | { kind: 'tool'; since: number; summary: string }
  | { kind: 'retrying'; since: number; message: string }
  /** `detail`: the whole command or patch, shown in full before it can be approved. */
  | { kind: 'approval'; since: number; summary: string; detail?: string }
  | { kind: 'done'; at: number }
  /** The last intent stopped with Shipyard (a crash, a quit): distinct from failed, r retries it. */
  | { kind: 'interrupted'; at: number; id: number }
  | { kind: 'failed'; at: number; message: string };

export interface PaneLine {
  /** `output` is the head of a tool's result: shown in the zoomed pane, hidden in the grid. */
  kind: 'user' | 'assistant' | 'tool' | 'output' | 'error' | 'info';
  text: string;
  /** For `output`: the tool's whole output, when `text` (its head) does not show all of it (Ctrl+O). */
  full?: string;
}

/** One intent as the zoomed pane's queue list shows it. */
export interface IntentView {
  id: number;
  text: string;
  state: IntentState;
  /** Epoch ms: when it was queued. */
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  /** What it committed or staged: file count and line totals (absent when it changed nothing). */
  change?: { files: number; added: number; removed: number; undone: boolean };
}

export interface PaneState {
  project: Project;
  git?: GitStatus;
  /** `git` is the last known state from the previous run (the pane cache), not yet read again. */
  stale?: boolean;
  /** Set when the repository cannot be read (deleted, renamed, not a repo any more). */
  gitError?: string;
  /** e.g. "polling (inotify limit reached: raise fs.inotify.max_user_watches)". */
  watchNote?: string;
  /** Set when the agent's commands run without a fence: one line saying why. */
  unsandboxed?: string;
  /** The agent working this project when it is not Shipyard's own: `codex` or `claude`. */
  engine?: string;
  activity: AgentActivity;
  /** The model this pane's agent uses, its host and where they came from (`qwen3 @ 127.0.0.1:11434 · detected`). */
  model?: string;
  /** Conversation tail, oldest first; the UI slices what fits. */
  lines: PaneLine[];
  queueLength: number;
  tokens?: { input: number; cached: number; output: number };
  /** Set when something happened in a pane that is not focused; cleared by focusing it. */
  attention?: boolean;
  /** The project's intents (recent finished ones and the whole queue), oldest first. */
  intents?: IntentView[];
  /** The project's queue is paused: queued intents wait until resumed. */
  paused?: boolean;
  /** How full the living context is: estimated tokens and the model's window. */
  context?: { tokens: number; window: number; compactions: number };
  /** Index in `lines` where the current model step's streamed text starts (dropped on a retry). */
  streamMark?: number;
}
