// Taking an intent's commit back with `git revert` (a new commit; history is never rewritten), after
// checking that the revert applies cleanly, so a conflict with later work stops before anything
// changed. A change that was only staged is unstaged instead.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { headCommit } from './commit-diff.js';
import { withGitLimit } from './limit.js';
import { runGit } from './run.js';

/** The blob of `file` in `commit`, or null when the file is not there. */
async function blobAt(repoPath: string, commit: string, file: string): Promise<string | null> {
  const out = await runGit(repoPath, ['ls-tree', '-z', commit, '--', file]);
  const match = /^\d+ blob ([0-9a-f]+)\t/.exec(out);
  return match ? match[1]! : null;
}

/**
 * The files whose revert would conflict with what HEAD holds now: each file the commit changed is
 * merged three ways (base: the commit, ours: HEAD, theirs: the commit's parent) without touching
 * the working tree or the index.
 */
export async function revertConflicts(repoPath: string, commit: string, files: string[]): Promise<string[]> {
  const parent = (await runGit(repoPath, ['rev-list', '--parents', '-n', '1', commit])).trim().split(' ')[1];
  const conflicts: string[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-revert-'));
  try {
    for (const file of files) {
      const [base, ours, theirs] = await Promise.all([
        blobAt(repoPath, commit, file),
        blobAt(repoPath, 'HEAD', file),
        parent ? blobAt(repoPath, parent, file) : Promise.resolve(null),
      ]);
      if (ours === base || ours === theirs) continue; // untouched since, or already back
      if (base === null || ours === null || theirs === null) {
        conflicts.push(file); // added or deleted on one side, changed on the other
        continue;
      }
      const sides = [ours, base, theirs].map((blob, i) => {
        const file = path.join(dir, String(i));
        return { blob, file };
      });
      for (const side of sides)
        fs.writeFileSync(side.file, (await gitBytes(repoPath, ['cat-file', 'blob', side.blob])).stdout);
      // merge-file exits with the number of conflicts (and fails on binary files).
      const merged = await gitBytes(repoPath, ['merge-file', '-q', '-p', ...sides.map((side) => side.file)]);
      if (merged.code !== 0) conflicts.push(file);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return conflicts;
}

/**
 * git with its exit code and stdout as bytes (runGit decodes text, which would mangle a binary
 * file, and cannot tell merge-file's conflict count). Inherited GIT_* variables are dropped, as
 * simple-git does.
 */
function gitBytes(repoPath: string, args: string[]): Promise<{ code: number; stdout: Buffer }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_')));
  return withGitLimit(
    () =>
      new Promise((resolve, reject) => {
        execFile(
          'git',
          ['--no-optional-locks', ...args],
          { cwd: repoPath, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env, timeout: 60_000 },
          (error, stdout) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            if (code < 0)
              reject(new UserError(`git ${args[0]} failed in ${repoPath}: ${error!.message.split('\n')[0]}`));
            else resolve({ code, stdout });
          },
        );
      }),
  );
}

/** Paths (among `files`) with uncommitted changes, staged or not, and whether anything at all is staged. */
export async function uncommitted(
  repoPath: string,
  files: string[],
): Promise<{ files: string[]; staged: string[] }> {
  const output = await runGit(repoPath, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  const touched = new Set<string>();
  const staged: string[] = [];
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.length < 4) continue;
    const [x, y, name] = [record[0], record[1], record.slice(3)];
    if (x === 'R' || x === 'C') i++; // the rename's source follows
    if (x !== ' ' && x !== '?') staged.push(name);
    if (x !== ' ' || y !== ' ') touched.add(name);
  }
  return { files: files.filter((file) => touched.has(file)), staged };
}

/** Whether `commit` is HEAD or one of its ancestors (on the branch the user is on). */
export async function onBranch(repoPath: string, commit: string): Promise<boolean> {
  try {
    await runGit(repoPath, ['merge-base', '--is-ancestor', commit, 'HEAD']);
    return true;
  } catch {
    return false;
  }
}

/** `git revert --no-edit COMMIT`; the new commit's full hash. */
export async function revertCommit(repoPath: string, commit: string): Promise<string> {
  await runGit(repoPath, ['revert', '--no-edit', commit]);
  const head = await headCommit(repoPath);
  if (!head) throw new UserError('git revert made no commit');
  return head;
}

/** Takes `files` out of the index again (their working-tree content stays as it is). */
export async function unstage(repoPath: string, files: string[]): Promise<void> {
  if ((await headCommit(repoPath)) === null)
    await runGit(repoPath, ['rm', '--cached', '-q', '-r', '--', ...files]);
  else await runGit(repoPath, ['restore', '--staged', '--', ...files]);
}
