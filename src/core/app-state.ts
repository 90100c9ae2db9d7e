// What the TUI shows (AppState) and what it can ask core to do (AppActions).
// The UI gets both as props/context; tests build them by hand.
import type { DiffFile, ReviewComment } from '../model/diff.js';
import type { ApprovalAnswer } from '../model/feed.js';
import type { PaneState } from './pane-state.js';

export interface AppState {
  workspaceRoot: string;
  panes: PaneState[];
  /** Name of the project that has the focus at start. */
  startProject?: string;
  /** One line shown at the bottom (e.g. "model not configured: set OPENAI_API_KEY"). */
  notice?: string;
  /** Set while another process runs some or all of this workspace's agents: the title says so. */
  elsewhere?: string;
}

export type { ApprovalAnswer } from '../model/feed.js';

/** Everything the UI can ask for. Optional members are features that may not be wired (the UI says so). */
/** What a restore would change: how many files, and a short list of them (`a.ts, b.ts and 3 more`). */
export interface RestorePreview {
  count: number;
  files: string;
}

export interface AppActions {
  /** Queue an intent for a project (runs now when the project is idle); the reason when nothing was queued. */
  submitIntent?(project: string, text: string): string | undefined;
  /** What was typed into the project's input before (this run and earlier ones), most recent first. */
  inputHistory?(project: string): string[];
  /** Keep a submitted (queued, steered, saved) text in the project's input history. */
  rememberInput?(project: string, text: string): void;
  /** Hand text to the running turn at its next step. */
  steer?(project: string, text: string): void;
  /** Cancel the running turn of a project. */
  cancel?(project: string): void;
  answerApproval?(project: string, answer: ApprovalAnswer): void;
  /** Re-read git state now. */
  refresh?(project: string): void;
  /** The UI moved the focus: clears that pane's attention mark; notifications skip the focused pane. */
  focusChanged?(project: string): void;
  /** Queue editing (intent ids from `PaneState.intents`). */
  moveIntent?(id: number, direction: 'up' | 'down'): void;
  editIntent?(id: number, text: string): void;
  deleteIntent?(id: number): void;
  retryIntent?(id: number): void;
  togglePause?(project: string): void;
  /** Summarise the older part of the project's context now. */
  compactContext?(project: string): void;
  /** End the project's context; the next intent starts a fresh conversation (the old one stays in the log). */
  resetContext?(project: string): void;
  /** What restoring the files as they were before intent `id` would change; throws a UserError when it cannot. */
  planRestore?(id: number): Promise<RestorePreview>;
  /**
   * Restores them (after the user said yes to the plan); the pane says what came back. The plan is
   * made again first: when the files changed since it was shown, nothing changes and this resolves
   * with the plan as it is now (the user confirms that one); else with undefined.
   */
  restoreIntent?(id: number): Promise<RestorePreview | undefined>;
  /** What intent `id` committed or staged, file by file (or why there is nothing); throws a UserError. */
  loadDiff?(id: number, options?: { firstFiles?: number }): Promise<DiffData>;
  /** Queue review comments on intent `id` as a new intent (front or end of its queue); the refusal, if any. */
  reviewIntent?(id: number, comments: ReviewComment[], at: 'front' | 'end'): string | undefined;
  /** What undoing intent `id` would do (`revert abc1234 (2 files)`); throws a UserError when it cannot. */
  planUndo?(id: number): Promise<string>;
  /** Reverts intent `id`'s commit (or unstages its files); the pane says what happened. */
  undoIntent?(id: number): void;
}

/** An intent's change as the diff view shows it. */
export interface DiffData {
  id: number;
  project: string;
  /** `commit abc1234` or `staged, not committed`, and `undone` once it was. */
  title: string;
  files: DiffFile[];
  added: number;
  removed: number;
  /** Set when the intent changed nothing: the line saying so. */
  nothing?: string;
  /** Only the first files are here (a first screen, the rest is being read); `fileCount` is all of them. */
  partial?: boolean;
  fileCount?: number;
}
