// What every git command of ours checks first, and how git's complaints become one line: shared by
// simple-git's runner (`run.ts`) and the plain one of the pane's status read (`read-git.ts`).
import fs from 'node:fs';
import { UserError } from '../errors.js';
import { resolveGitDirs } from './git-dir.js';

/** Throws the one-line UserError for a folder that is missing or not the top of a repository. */
export function assertRepoFolder(repoPath: string): void {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(repoPath);
  } catch {
    throw new UserError(`folder is gone: ${repoPath}`);
  }
  if (!stats.isDirectory()) throw new UserError(`not a folder: ${repoPath}`);
  // Without this, git would walk up and report on an enclosing repository instead.
  if (!resolveGitDirs(repoPath)) throw new UserError(`not a git repository: ${repoPath}`);
}

export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}

/** The one line for a git command that exited with `stderr`: the folder gone, no repository, or git's first line. */
export function gitFailure(repoPath: string, command: string, stderr: string): UserError {
  // The folder may have vanished while git ran.
  if (!fs.existsSync(repoPath)) return new UserError(`folder is gone: ${repoPath}`);
  const line = firstLine(stderr).replace(/^(fatal|error): /, '');
  if (/not a git repository/i.test(line)) return new UserError(`not a git repository: ${repoPath}`);
  return new UserError(`${command} failed in ${repoPath}: ${line || 'unknown error'}`);
}

export function gitTimedOut(repoPath: string, command: string, timeoutMs: number): UserError {
  return new UserError(`${command} timed out after ${Math.round(timeoutMs / 1000)} s: ${repoPath}`);
}
