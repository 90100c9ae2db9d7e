// `shipyard ls [--json]`: every project of the workspace with its git state.
import { errorMessage } from '../../errors.js';
import { readGitStatus } from '../../git/status.js';
import type { CliEnv } from '../env.js';
import { formatTable } from '../table.js';

export interface ProjectListing {
  name: string;
  path: string;
  branch: string | null;
  ahead: number;
  behind: number;
  staged: number;
  modified: number;
  untracked: number;
  dirty: number;
  lastCommit: { subject: string; date: string; hash: string } | null;
  error?: string;
}

export async function listProjects(env: CliEnv): Promise<ProjectListing[]> {
  return Promise.all(
    env.workspace.projects.map(async (project): Promise<ProjectListing> => {
      try {
        const git = await readGitStatus(project.path);
        return {
          name: project.name,
          path: project.path,
          branch: git.branch,
          ahead: git.ahead,
          behind: git.behind,
          staged: git.staged,
          modified: git.modified,
          untracked: git.untracked,
          dirty: git.dirty,
          lastCommit: git.lastCommit,
        };
      } catch (error) {
        return {
          name: project.name,
          path: project.path,
          branch: null,
          ahead: 0,
          behind: 0,
          staged: 0,
          modified: 0,
          untracked: 0,
          dirty: 0,
          lastCommit: null,
          error: errorMessage(error),
        };
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
