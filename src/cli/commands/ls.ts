// `shipyard ls [--json]`: every project of the workspace with its git state.

import { errorMessage } from '../../errors.js';
import { readGitStatus } from '../../git/status.js';
import type { GitStatus } from '../../model/git-status.js';
import type { CliEnv } from '../env.js';
import { formatTable } from '../table.js';

type Fields = 'branch' | 'ahead' | 'behind' | 'staged' | 'modified' | 'untracked' | 'dirty' | 'lastCommit';

/** One project as `ls --json` prints it (the contract), with `error` when git could not be read. */
export type ProjectListing = { name: string; path: string; error?: string } & Pick<GitStatus, Fields>;

const UNREADABLE: Pick<GitStatus, Fields> = {
  branch: null,
  ahead: 0,
  behind: 0,
  staged: 0,
  modified: 0,
  untracked: 0,
  dirty: 0,
  lastCommit: null,
};

export async function listProjects(env: CliEnv): Promise<ProjectListing[]> {
  return Promise.all(
    env.workspace.projects.map(async ({ name, path }): Promise<ProjectListing> => {
      try {
        const { branch, ahead, behind, staged, modified, untracked, dirty, lastCommit } =
          await readGitStatus(path);
        return { name, path, branch, ahead, behind, staged, modified, untracked, dirty, lastCommit };
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
    p.error ? `error: ${p.error}` : (p.branch ?? '(detached)'),
    String(p.staged),
    String(p.modified),
    String(p.untracked),
    `${p.ahead}/${p.behind}`,
    p.lastCommit?.subject ?? '',
  ]);
  process.stdout.write(
    formatTable(
      ['PROJECT', 'BRANCH', 'STAGED', 'MODIFIED', 'UNTRACKED', 'AHEAD/BEHIND', 'LAST COMMIT'],
      rows,
    ),
  );
}
