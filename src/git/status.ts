// A project's git status for its pane header: branch, upstream, ahead/behind, counts, last commit.
import type { GitStatus, LastCommit } from '../model/git-status.js';
import { readCommitObject } from './commit-object.js';
import { readOperation } from './operation.js';
import { parsePorcelainV2 } from './porcelain.js';
import { readGit } from './read-git.js';
import { readGitGathered } from './read-git-batch.js';

/**
 * One git command: `status --porcelain=v2 --branch -z` (branch, upstream, ahead/behind, counts and
 * HEAD's full hash in one call); HEAD's commit is then read from the object store
 * (`commit-object.ts`), or by `git log -1` where that cannot answer exactly.
 *
 * Untracked files use git's default `--untracked-files=normal`: a folder with no tracked file in
 * it counts as one untracked entry, however many files it holds. `-uall` would list every file of
 * a freshly unpacked or generated tree, which is slow and floods the output; the pane only needs
 * "something is untracked".
 *
 * Throws UserError `folder is gone: <path>` / `not a git repository: <path>`; an abort rejects
 * with the signal's reason.
 */
export async function readGitStatus(repoPath: string, signal?: AbortSignal): Promise<GitStatus> {
  const args = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal'];
  // Reads asked for together (start-up's 30 repositories) share a few processes.
  const output = signal ? await readGit(repoPath, args, { signal }) : await readGitGathered(repoPath, args);
  const { oid, paths: _paths, untrackedPaths: _untracked, ...counts } = parsePorcelainV2(output);
  const operation = readOperation(repoPath);
  if (oid === null) return { ...counts, head: null, lastCommit: null, operation };
  const lastCommit = readCommitObject(repoPath, oid) ?? (await readLastCommit(repoPath, signal));
  return { ...counts, head: lastCommit?.hash ?? null, lastCommit, operation };
}

/** HEAD's subject, committer date (ISO 8601) and short hash; null before the first commit. */
export async function readLastCommit(repoPath: string, signal?: AbortSignal): Promise<LastCommit | null> {
  // `--no-show-signature`: a user's `log.showSignature` would put gpg output before ours.
  const output = await readGit(
    repoPath,
    ['log', '-1', '--no-show-signature', '--format=%h%x00%cI%x00%s'],
    signal ? { signal } : {},
  ).catch((error: unknown) => {
    // A branch with no commits yet (unborn HEAD) has no last commit.
    if (error instanceof Error && /does not have any commits yet/.test(error.message)) return '';
    throw error;
  });
  const [hash, date, subject] = output.replace(/\n$/, '').split('\0');
  if (!hash || !date) return null;
  return { hash, date, subject: subject ?? '' };
}
