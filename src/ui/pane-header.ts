// What a pane's header says, as plain strings: branch, counts, upstream, last commit, agent state.
// Pure so each GitStatus and AgentActivity variant is tested without rendering.
import type { AgentActivity, PaneState } from '../core/pane-state.js';
import type { GitOperation, GitStatus } from '../model/git-status.js';
import { stripControls, visibleName } from '../sanitize.js';
import { relativeTime } from './relative-time.js';
import { textWidth, truncate } from './text.js';

export interface Segment {
  text: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

/** An unfinished git operation, right after the branch: Shipyard does not commit until it ends. */
export const OPERATION_LABELS: Record<GitOperation, string> = {
  merge: 'MERGING',
  rebase: 'REBASING',
  'cherry-pick': 'CHERRY-PICKING',
  revert: 'REVERTING',
  bisect: 'BISECTING',
  am: 'AM',
};

export function branchLabel(git: GitStatus): string {
  if (git.branch) return visibleName(git.branch);
  if (git.head) return `detached @${git.head}`;
  return 'no branch';
}

/** `+staged ~modified ?untracked !conflicted`, zeros left out; `clean` when nothing changed. */
export function countSegments(git: GitStatus): Segment[] {
  const parts: Segment[] = [];
  if (git.conflicted > 0) parts.push({ text: `!${git.conflicted}`, color: 'red' });
  if (git.staged > 0) parts.push({ text: `+${git.staged}`, color: 'green' });
  if (git.modified > 0) parts.push({ text: `~${git.modified}`, color: 'yellow' });
  if (git.untracked > 0) parts.push({ text: `?${git.untracked}` });
  return parts.length > 0 ? parts : [{ text: 'clean', dim: true }];
}

export function syncLabel(git: Pick<GitStatus, 'upstream' | 'ahead' | 'behind'>): string {
  if (!git.upstream) return 'no upstream';
  return `↑${git.ahead} ↓${git.behind}`;
}

/** Shorten at a word boundary when one is near, so a subject does not end mid-word. */
export function truncateWords(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  const cut = truncate(text, width);
  const body = cut.slice(0, -1);
  const space = body.lastIndexOf(' ');
  if (space >= Math.floor(body.length * 0.6)) return `${body.slice(0, space).trimEnd()}…`;
  return cut;
}

/**
 * Join groups with two spaces, dropping whole groups from the end when they do not fit; the first
 * group is truncated instead of dropped.
 */
export function fitGroups(groups: Segment[][], width: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  for (const [index, group] of groups.entries()) {
    const groupWidth = group.reduce((sum, s) => sum + textWidth(s.text), 0) + Math.max(0, group.length - 1);
    const gap = index === 0 ? 0 : 2;
    if (index === 0 && groupWidth > width) {
      const first = group[0]!;
      return [{ ...first, text: truncate(first.text, width) }];
    }
    if (used + gap + groupWidth > width) break;
    if (gap) out.push({ text: '  ' });
    group.forEach((segment, i) => {
      if (i > 0) out.push({ text: ' ' });
      out.push(segment);
    });
    used += gap + groupWidth;
  }
  return out;
}

export function gitSegments(git: GitStatus, width: number): Segment[] {
  const sync = syncLabel(git);
  const quiet = !git.upstream || (git.ahead === 0 && git.behind === 0);
  const operation = git.operation
    ? [[{ text: OPERATION_LABELS[git.operation], color: 'red', bold: true }]]
    : [];
  return fitGroups(
    [
      [{ text: branchLabel(git), bold: true }],
      ...operation,
      countSegments(git),
      [{ text: sync, dim: quiet }],
    ],
    width,
  );
}

/** Ends the git line while it shows the last run's state (the pane cache), until git was read again. */
export const STALE_MARK = '(cached)';

export function staleGitSegments(git: GitStatus, width: number): Segment[] {
  const room = width - 2 - textWidth(STALE_MARK);
  if (room < 4) return gitSegments(git, width);
  return [...gitSegments(git, room), { text: `  ${STALE_MARK}`, dim: true }];
}

/** `subject · 3m ago`, the subject shortened to leave room for the age; `no commits yet` before the first. */
export function commitLabel(git: GitStatus, now: number, width: number): string {
  const last = git.lastCommit;
  if (!last || !git.head) return 'no commits yet';
  const age = relativeTime(Date.parse(last.date), now);
  const suffix = age ? ` · ${age}` : '';
  const room = width - textWidth(suffix);
  // A subject is anyone's text: its escape codes must not blink or hide things in the header.
  const subject = visibleName(last.subject);
  if (room < 8) return truncate(age || subject, width);
  return truncateWords(subject, room) + suffix;
}

/** `12.3k`, `980`, `1.2M`. */
export function compactNumber(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** `ctx 42%` of the model's window (`ctx 42% compacted` once older turns were summarised). */
export function contextLabel(context: PaneState['context']): string | undefined {
  if (!context) return undefined;
  const compacted = context.compactions > 0 ? 'compacted' : '';
  if (context.window <= 0) return compacted || undefined;
  const percent = Math.min(999, Math.round((context.tokens / context.window) * 100));
  return `ctx ${percent}%${compacted ? ` ${compacted}` : ''}`;
}

/** Right side of the title: queue length, pause, context use and token use, most important first. */
export function titleInfo(
  pane: Pick<PaneState, 'queueLength' | 'tokens' | 'paused' | 'context' | 'unsandboxed' | 'engine' | 'model'>,
): string[] {
  const info: string[] = [];
  // First, so it is the last to give way: the agent's commands are not fenced here.
  if (pane.unsandboxed) info.push('unsandboxed');
  if (pane.engine) info.push(pane.engine);
  if (pane.queueLength > 0 || pane.paused)
    info.push(`queue ${pane.queueLength}${pane.paused ? ' paused' : ''}`);
  const context = contextLabel(pane.context);
  if (context) info.push(context);
  if (pane.tokens) {
    // Cached input is what prompt caching saved: worth seeing next to the input it is part of.
    const cached = pane.tokens.cached ? ` (${compactNumber(pane.tokens.cached)} cached)` : '';
    info.push(`${compactNumber(pane.tokens.input)} in${cached} · ${compactNumber(pane.tokens.output)} out`);
  }
  // Last, so it is the first to give way in a narrow pane.
  if (pane.model) info.push(visibleName(pane.model));
  return info;
}

export function isRunning(activity: AgentActivity): boolean {
  return activity.kind === 'thinking' || activity.kind === 'tool' || activity.kind === 'retrying';
}

export interface AgentLabel {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
  /** Show a spinner and the elapsed time since this moment. */
  since?: number;
}

export function agentLabel(activity: AgentActivity, now: number): AgentLabel {
  const label = plainLabel(activity, now);
  return { ...label, text: stripControls(label.text) };
}

function plainLabel(activity: AgentActivity, now: number): AgentLabel {
  switch (activity.kind) {
    case 'idle':
      return { text: 'idle', dim: true };
    case 'unconfigured':
      return { text: `agent off: ${activity.message}`, color: 'yellow' };
    case 'thinking':
      return { text: 'thinking', color: 'cyan', since: activity.since };
    case 'tool':
      return { text: activity.summary, color: 'cyan', since: activity.since };
    case 'retrying':
      return { text: `retrying: ${activity.message}`, color: 'yellow', since: activity.since };
    case 'approval':
      // The pane shows the action itself, wrapped, with the keys that answer.
      return { text: 'waiting for approval', color: 'yellow', bold: true };
    case 'done': {
      const age = relativeTime(activity.at, now);
      return { text: `✓ done${age ? ` ${age}` : ''}`, color: 'green' };
    }
    case 'failed':
      return { text: `✗ failed: ${activity.message}`, color: 'red' };
    case 'interrupted':
      return { text: `⚠ interrupted #${activity.id} (r retries)`, color: 'yellow' };
  }
}

/** Messages that carry what to do (a variable to set, an error) may wrap rather than be cut. */
export function agentWraps(activity: AgentActivity): boolean {
  return activity.kind === 'unconfigured' || activity.kind === 'failed';
}
