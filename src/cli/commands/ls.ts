// `shipyard ls [--json]`: every project of the workspace with its git state.

import { errorMessage } from '../../errors.js';
import { readGitStatus } from '../../git/status.js';
import type { GitStatus } from '../../model/git-status.js';
import { syncLabel } from '../../ui/pane-header.js';
import type { CliEnv } from '../env.js';
import { formatTable } from '../table.js';

type Fields =
  | 'branch'
  | 'upstream'
  | 'ahead'
  | 'behind'
  | 'staged'
  | 'modified'
  | 'untracked'
  | 'conflicted'
  | 'dirty'
  | 'operation'
  | 'lastCommit';

/**
 * One project as `ls --json` prints it (the contract), with `error` when git could not be
 * read. `detached`: HEAD is on no branch; `operation`: an unfinished merge, rebase, … (or null).
 */
export type ProjectListing = { name: string; path: string; detached: boolean; error?: string } & Pick<
  GitStatus,
  Fields
>;

const UNREADABLE: Omit<ProjectListing, 'name' | 'path'> = {
  branch: null,
  detached: false,
  upstream: null,
  ahead: 0,
  behind: 0,
  staged: 0,
  modified: 0,
  untracked: 0,
  conflicted: 0,
  dirty: 0,
  operation: null,
  lastCommit: null,
};

export async function listProjects(env: CliEnv): Promise<ProjectListing[]> {
  return Promise.all(
    env.workspace.projects.map(async ({ name, path }): Promise<ProjectListing> => {
      try {
        const git = await readGitStatus(path);
        return {
          name,
          path,
          branch: git.branch,
          detached: git.branch === null && git.head !== null,
          upstream: git.upstream,
          ahead: git.ahead,
          behind: git.behind,
          staged: git.staged,
          modified: git.modified,
          untracked: git.untracked,
          conflicted: git.conflicted,
          dirty: git.dirty,
          operation: git.operation,
          lastCommit: git.lastCommit,
        };
      } catch (error) {
        return { name, path, ...UNREADABLE, error: errorMessage(error) };
      }
    }),
  );
}

export async function lsCommand(env: CliEnv, options: { json?: boolean }): Promise<void> {
  const projects = await listProjects(env);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(projects, null, 2)}\n`);
    return;
  }
  if (projects.length === 0) {
    process.stdout.write(`No git repositories in ${env.workspace.root}\n`);
    return;
  }
  const rows = projects.map((p) => [
    p.name,
    p.error ? `error: ${p.error}` : branchCell(p),
    String(p.staged),
    String(p.modified),
    String(p.untracked),
    String(p.conflicted),
    // The pane header's words: `no upstream`, or `↑ahead ↓behind`.
    syncLabel(p),
    p.lastCommit?.subject ?? '',
  ]);
  process.stdout.write(
    formatTable(
      ['PROJECT', 'BRANCH', 'STAGED', 'MODIFIED', 'UNTRACKED', 'CONFLICTED', 'UPSTREAM', 'LAST COMMIT'],
      rows,
    ),
  );
}

/** `main`, `(detached)`, `main (merging)`, `(detached) (rebasing)`: Shipyard waits on the last two. */
function branchCell(p: ProjectListing): string {
  const branch = p.branch ?? (p.detached ? '(detached)' : '(no commits)');
  return p.operation ? `${branch} (${p.operation})` : branch;
}
