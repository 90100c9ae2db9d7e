// The last known state of each pane (git, agent state, conversation tail, queue and token counts),
// kept in the state database so the next start draws every pane at once, before git answers. The
// git part is marked stale until the first read replaces it.
import type { GitStatus, LastCommit } from '../model/git-status.js';
import { stripControls, visibleName } from '../sanitize.js';
import { type Db, transaction } from '../store/db.js';
import type { AppState } from './app-state.js';
import type { ObservableState } from './observable-state.js';
import type { AgentActivity, PaneLine, PaneState } from './pane-state.js';

/** What is kept of a pane: what the grid shows before git and the agent's stores have answered. */
export type CachedPane = Pick<PaneState, 'git' | 'activity' | 'lines' | 'queueLength' | 'tokens' | 'paused'>;

const TAIL_LINES = 40;
const MAX_TEXT = 2000;
const LINE_KINDS = new Set<PaneLine['kind']>(['user', 'assistant', 'tool', 'output', 'error', 'info']);

/** The cacheable part of a pane; an agent that was working is shown idle (no turn outlives its process). */
export function cacheablePane(pane: PaneState): CachedPane {
  const { activity } = pane;
  return {
    ...(pane.git ? { git: pane.git } : {}),
    activity:
      activity.kind === 'done' || activity.kind === 'failed' || activity.kind === 'interrupted'
        ? activity
        : { kind: 'idle' },
    lines: pane.lines.slice(-TAIL_LINES).map((line) => ({ kind: line.kind, text: clip(line.text) })),
    queueLength: pane.queueLength,
    ...(pane.tokens ? { tokens: pane.tokens } : {}),
    ...(pane.paused ? { paused: true } : {}),
  };
}

/** The pane as the cache last saw it, git marked stale; the pane itself when nothing (valid) is cached. */
export function restorePane(pane: PaneState, cached: CachedPane | undefined): PaneState {
  if (!cached) return pane;
  return { ...pane, ...cached, ...(cached.git ? { stale: true } : {}) };
}

export class PaneCache {
  /** What is in the table now, per project path (JSON), so unchanged panes are not written again. */
  private readonly written = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(private readonly db: Db) {}

  /** Cached panes by project path; rows that do not parse as a pane are skipped. */
  read(paths: string[]): Map<string, CachedPane> {
    const found = new Map<string, CachedPane>();
    const select = this.db.prepare('SELECT state FROM pane_cache WHERE project = ?');
    for (const path of paths) {
      const row = select.get(path) as { state: string } | undefined;
      if (!row) continue;
      this.written.set(path, row.state);
      const cached = parseCached(row.state);
      if (cached) found.set(path, cached);
    }
    return found;
  }

  /** Writes what changed at most once per `delayMs` while `store` changes; nothing while it is quiet. */
  follow(store: ObservableState<AppState>, delayMs = 1000): void {
    this.unsubscribe = store.subscribe(() => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.save(store.get().panes);
      }, delayMs);
      this.timer.unref?.();
    });
  }

  /** Stops following and writes the final state (called at quit). */
  close(panes: PaneState[]): void {
    this.unsubscribe?.();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save(panes);
  }

  private save(panes: PaneState[]): void {
    // Stale panes hold what the cache already has; the rest is written only when it changed.
    const changed = panes
      .filter((pane) => !pane.stale)
      .map((pane) => [pane.project.path, JSON.stringify(cacheablePane(pane))] as const)
      .filter(([path, state]) => this.written.get(path) !== state);
    if (changed.length === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO pane_cache (project, state, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(project) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    );
    const now = Date.now();
    try {
      transaction(this.db, () => {
        for (const [path, state] of changed) upsert.run(path, state, now);
      });
      for (const [path, state] of changed) this.written.set(path, state);
    } catch {
      // A busy or read-only database costs only the next start's head start.
    }
  }
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** The stored JSON checked field by field: it was written by some version of us, but is still input. */
function parseCached(json: string): CachedPane | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const lines = Array.isArray(value.lines) ? value.lines.filter(isLine).slice(-TAIL_LINES) : [];
  const git = isGitStatus(value.git) ? cleanGit(value.git) : undefined;
  const activity = isActivity(value.activity) ? value.activity : { kind: 'idle' as const };
  const tokens = value.tokens;
  return {
    ...(git ? { git } : {}),
    activity,
    lines: lines.map((line) => ({ kind: line.kind, text: clip(stripControls(line.text)) })),
    queueLength: count(value.queueLength),
    ...(isRecord(tokens) && [tokens.input, tokens.cached, tokens.output].every(isCount)
      ? { tokens: { input: count(tokens.input), cached: count(tokens.cached), output: count(tokens.output) } }
      : {}),
    ...(value.paused === true ? { paused: true } : {}),
  };
}

/** Names as one visible line, the subject without control characters, whatever the row holds. */
function cleanGit(git: GitStatus): GitStatus {
  const name = (text: string | null) => (text === null ? null : visibleName(text));
  return {
    ...git,
    branch: name(git.branch),
    head: name(git.head),
    upstream: name(git.upstream),
    lastCommit: git.lastCommit && {
      subject: stripControls(git.lastCommit.subject),
      date: visibleName(git.lastCommit.date),
      hash: visibleName(git.lastCommit.hash),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function count(value: unknown): number {
  return isCount(value) ? value : 0;
}

const isText = (value: unknown, max = MAX_TEXT): value is string =>
  typeof value === 'string' && value.length <= max;
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value, 500);

function isLine(value: unknown): value is PaneLine {
  return isRecord(value) && LINE_KINDS.has(value.kind as PaneLine['kind']) && typeof value.text === 'string';
}

function isActivity(value: unknown): value is AgentActivity {
  if (!isRecord(value)) return false;
  if (value.kind === 'idle') return true;
  if (value.kind === 'done') return isCount(value.at);
  if (value.kind === 'interrupted') return isCount(value.at) && isCount(value.id);
  return value.kind === 'failed' && isCount(value.at) && isText(value.message);
}

function isLastCommit(value: unknown): value is LastCommit {
  return isRecord(value) && isText(value.subject) && isText(value.date, 100) && isText(value.hash, 100);
}

function isGitStatus(value: unknown): value is GitStatus {
  if (!isRecord(value)) return false;
  const counts = ['ahead', 'behind', 'staged', 'modified', 'untracked', 'conflicted', 'dirty'];
  return (
    isTextOrNull(value.branch) &&
    isTextOrNull(value.head) &&
    isTextOrNull(value.upstream) &&
    counts.every((key) => isCount(value[key])) &&
    (value.lastCommit === null || isLastCommit(value.lastCommit))
  );
}
