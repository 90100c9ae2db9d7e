// A project's git status for its pane header: branch, upstream, ahead/behind, counts, last commit.
import type { GitStatus, LastCommit } from '../model/git-status.js';
import { readOperation } from './operation.js';
import { parsePorcelainV2 } from './porcelain.js';
import { runGit } from './run.js';

/**
 * Two git processes: one `status --porcelain=v2 --branch -z` (branch, upstream, ahead/behind and
 * counts in one call) and one `log -1` (its answer ignored before the first commit).
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
  // Both queued at once, so a pane's two reads sit side by side in the app-wide git queue (with 30
  // panes, the last commits would otherwise wait behind every status).
  const commit = readLastCommit(repoPath, signal).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const output = await runGit(
    repoPath,
    ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal'],
    signal ? { signal } : {},
  );
  const { oid, paths: _paths, untrackedPaths: _untracked, ...counts } = parsePorcelainV2(output);
  if (oid === null) return { ...counts, head: null, lastCommit: null, operation: readOperation(repoPath) };
  const read = await commit;
  if ('error' in read) throw read.error;
  const lastCommit = read.value;
  return { ...counts, head: lastCommit?.hash ?? null, lastCommit, operation: readOperation(repoPath) };
}

/** HEAD's subject, committer date (ISO 8601) and short hash; null before the first commit. */
export async function readLastCommit(repoPath: string, signal?: AbortSignal): Promise<LastCommit | null> {
  // `--no-show-signature`: a user's `log.showSignature` would put gpg output before ours.
  const output = await runGit(
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
