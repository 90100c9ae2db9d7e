// Shipyard never commits into an unfinished git operation (merge, rebase, cherry-pick, revert,
// bisect, am) nor onto a detached HEAD: mid-rebase a commit lands on the rebase's HEAD and is lost
// on --abort; mid-merge a partial commit fails after staging. It stages nothing, says why, keeps
// the files as a pending commit and makes it once the repository is back on a branch.
import fs from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../errors.js';
import { type CommitResult, commitFiles } from '../git/commit.js';
import { resolveGitDirs } from '../git/git-dir.js';
import { hashFile } from '../git/intent-changes.js';
import { operationLine, readOperation } from '../git/operation.js';
import { runGit } from '../git/run.js';
import type { CommitPolicy } from '../model/policies.js';
import type { Db } from '../store/db.js';
import { addPendingCommit, claimPendingCommit, pendingCommits } from '../store/pending-commits.js';
import { recordChange } from './change-record.js';

/** Why Shipyard must not commit in the repository now, or undefined when it may. */
export function commitBlocker(repoPath: string): string | undefined {
  const operation = readOperation(repoPath);
  if (operation) return operationLine(operation);
  const dirs = resolveGitDirs(repoPath);
  const head = dirs ? readText(path.join(dirs.gitDir, 'HEAD')) : '';
  if (dirs && !head.startsWith('ref:')) return 'HEAD is detached (check out a branch)';
  return undefined;
}

export interface IntentCommit {
  projectPath: string;
  intentId: number;
  files: string[];
  message: string;
  policy: CommitPolicy;
}

/** Commits (or stages) the intent's files now, or holds them while the user finishes; the lines to show. */
export async function commitOrDefer(db: Db, commit: IntentCommit): Promise<string[]> {
  if (commit.policy === 'off' || commit.files.length === 0) return [];
  const blocker = commitBlocker(commit.projectPath);
  if (!blocker) {
    const result = await commitFiles(commit.projectPath, commit.files, commit.message, commit.policy);
    return [...commitLines(result), ...(await recorded(db, commit.projectPath, commit.intentId, result))];
  }
  addPendingCommit(db, {
    ...commit,
    files: commit.files.map((rel) => ({ path: rel, hash: hashFile(commit.projectPath, rel) })),
  });
  return [
    `not committed yet: ${blocker}; Shipyard staged nothing and commits ${count(commit.files.length)} (${listed(commit.files)}) once you have finished`,
  ];
}

const running = new Map<string, Promise<string[]>>();

/**
 * Makes the project's pending commits once nothing blocks them; the lines to show. Files changed
 * since their intent ended, or already committed by the user, are left out. One run per project at
 * a time; across processes, claiming the row decides.
 */
export function commitPending(db: Db, projectPath: string): Promise<string[]> {
  const current = running.get(projectPath);
  if (current) return current.then(() => commitPending(db, projectPath));
  const run = commitPendingNow(db, projectPath).finally(() => running.delete(projectPath));
  running.set(projectPath, run);
  return run;
}

async function commitPendingNow(db: Db, projectPath: string): Promise<string[]> {
  const pending = pendingCommits(db, projectPath);
  if (pending.length === 0 || commitBlocker(projectPath)) return [];
  const lines: string[] = [];
  for (const item of pending) {
    if (!claimPendingCommit(db, item.id)) continue;
    const same = item.files
      .filter((file) => hashFile(projectPath, file.path) === file.hash)
      .map((file) => file.path);
    const changed = item.files.length - same.length;
    if (changed > 0) {
      lines.push(`#${item.intentId}: ${count(changed)} changed since the intent; left for you to commit`);
    }
    try {
      const open = same.length ? await stillChanged(projectPath, same) : [];
      if (open.length === 0) {
        lines.push(`#${item.intentId}: nothing left to commit (already committed?)`);
        continue;
      }
      const result = await commitFiles(projectPath, open, item.message, item.policy);
      lines.push(...commitLines(result).map((line) => `#${item.intentId}, held until now: ${line}`));
      lines.push(...(await recorded(db, projectPath, item.intentId, result)));
    } catch (error) {
      lines.push(`#${item.intentId}: the held commit failed: ${errorMessage(error)}`);
    }
  }
  return lines;
}

/** The files that still differ from HEAD (the user may have committed them while finishing). */
async function stillChanged(projectPath: string, files: string[]): Promise<string[]> {
  const output = await runGit(projectPath, [
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--',
    ...files,
  ]);
  const open = new Set<string>();
  for (const record of output.split('\0')) if (record.length > 3) open.add(record.slice(3));
  return files.filter((rel) => open.has(rel));
}

function commitLines(result: Awaited<ReturnType<typeof commitFiles>>): string[] {
  if (result.commit) {
    return [`committed ${result.commit}: ${result.message?.split('\n')[0]} (${result.staged.length} files)`];
  }
  if (result.staged.length) return [`staged ${result.staged.length} files (commit policy: stage)`];
  return [];
}

/** Links the commit to its intent (for diff, review, undo); a failure there never fails the commit. */
async function recorded(
  db: Db,
  projectPath: string,
  intentId: number,
  result: CommitResult,
): Promise<string[]> {
  try {
    await recordChange(db, projectPath, intentId, result);
    return [];
  } catch (error) {
    return [`#${intentId}: its diff will not be shown (${errorMessage(error)})`];
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

const count = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
const listed = (files: string[]) =>
  files.length > 3 ? `${files.slice(0, 3).join(', ')}, …` : files.join(', ');
