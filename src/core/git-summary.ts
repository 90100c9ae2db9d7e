// One line of git state for the intent message (volatile, so never in the prompt prefix).
import type { PorcelainStatus } from '../git/porcelain.js';

export function gitSummary(git: PorcelainStatus): string {
  const head = git.oid ? git.oid.slice(0, 7) : '(no commits)';
  const parts = [git.branch ? `branch ${git.branch}` : `detached HEAD at ${head}`];
  if (git.upstream) parts.push(`${git.ahead} ahead / ${git.behind} behind ${git.upstream}`);
  if (git.staged) parts.push(`${git.staged} staged`);
  if (git.modified) parts.push(`${git.modified} modified`);
  if (git.untracked) parts.push(`${git.untracked} untracked`);
  if (git.conflicted) parts.push(`${git.conflicted} conflicted`);
  if (!git.staged && !git.modified && !git.untracked && !git.conflicted) parts.push('clean');
  return parts.join(', ');
}
