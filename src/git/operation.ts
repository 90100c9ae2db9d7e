// Unfinished git operations (merge, rebase, cherry-pick, revert, bisect, am), read from the files
// git leaves in the git directory while one waits for the user: no git process needed.
import fs from 'node:fs';
import path from 'node:path';
import type { GitOperation } from '../model/git-status.js';
import { resolveGitDirs } from './git-dir.js';

/** The operation in progress in the work tree at `repoPath`, or null. */
export function readOperation(repoPath: string): GitOperation | null {
  const dirs = resolveGitDirs(repoPath);
  if (!dirs) return null;
  const has = (name: string) => fs.existsSync(path.join(dirs.gitDir, name));
  if (has('rebase-merge')) return 'rebase';
  // rebase-apply serves both `git rebase --apply` and `git am`; am leaves `applying` in it.
  if (has('rebase-apply')) return has('rebase-apply/applying') ? 'am' : 'rebase';
  if (has('MERGE_HEAD')) return 'merge';
  if (has('CHERRY_PICK_HEAD')) return 'cherry-pick';
  if (has('REVERT_HEAD')) return 'revert';
  // A multi-commit pick or revert between two of its steps.
  const todo = readFirstWord(path.join(dirs.gitDir, 'sequencer', 'todo'));
  if (todo === 'pick' || todo === 'p') return 'cherry-pick';
  if (todo === 'revert') return 'revert';
  if (has('BISECT_LOG')) return 'bisect';
  return null;
}

function readFirstWord(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim().split(/\s/)[0];
  } catch {
    return undefined;
  }
}

const FINISH: Record<GitOperation, string> = {
  merge: 'git commit or git merge --abort',
  rebase: 'git rebase --continue or --abort',
  'cherry-pick': 'git cherry-pick --continue or --abort',
  revert: 'git revert --continue or --abort',
  bisect: 'git bisect reset',
  am: 'git am --continue or --abort',
};

/** `a rebase is in progress (finish it with git rebase --continue or --abort)`. */
export function operationLine(operation: GitOperation): string {
  const name = operation === 'am' ? 'git am' : `a ${operation}`;
  return `${name} is in progress (finish it with ${FINISH[operation]})`;
}
