// Where a work tree keeps its git data, found with the file system alone (no git process).
import fs from 'node:fs';
import path from 'node:path';

export interface GitDirs {
  /** Per-work-tree data: HEAD, index, MERGE_HEAD. `<repo>/.git` for an ordinary repository. */
  gitDir: string;
  /** Shared data: refs, packed-refs. Differs from gitDir for linked work trees (`git worktree`). */
  commonDir: string;
}

/**
 * The git directories of the work tree at `repoPath`, or undefined when it has no `.git`.
 * A `.git` file (linked work tree, submodule) holds `gitdir: <path>`; a linked work tree's
 * gitdir holds `commondir`, pointing at the main repository's `.git`.
 */
export function resolveGitDirs(repoPath: string): GitDirs | undefined {
  const dotGit = path.join(repoPath, '.git');
  let stats: fs.Stats;
  try {
    stats = fs.statSync(dotGit);
  } catch {
    return undefined;
  }
  if (stats.isDirectory()) return { gitDir: dotGit, commonDir: dotGit };
  const gitDir = readPointer(dotGit, /^gitdir:\s*(.+)$/m, repoPath);
  if (!gitDir) return undefined;
  const commonDir = readPointer(path.join(gitDir, 'commondir'), /^(.+)$/m, gitDir) ?? gitDir;
  return { gitDir, commonDir };
}

function readPointer(file: string, pattern: RegExp, base: string): string | undefined {
  try {
    const match = pattern.exec(fs.readFileSync(file, 'utf8'));
    const target = match?.[1]?.trim();
    return target ? path.resolve(base, target) : undefined;
  } catch {
    return undefined;
  }
}
