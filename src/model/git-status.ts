// A repository's state as a pane header and `shipyard ls` show it.

export interface LastCommit {
  subject: string;
  /** ISO 8601 commit date. */
  date: string;
  hash: string;
}

/** A git operation the user started and has not finished: Shipyard does not commit into it. */
export type GitOperation = 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'bisect' | 'am';

export interface GitStatus {
  /** Branch name; null when HEAD is detached. */
  branch: string | null;
  /** Short hash of HEAD; null before the first commit. */
  head: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  staged: number;
  modified: number;
  untracked: number;
  conflicted: number;
  /** Number of status entries: changed files, plus untracked files or untracked folders (each counted once). */
  dirty: number;
  lastCommit: LastCommit | null;
  /** An unfinished merge, rebase, cherry-pick, revert, bisect or `git am`; null when none. */
  operation: GitOperation | null;
}
