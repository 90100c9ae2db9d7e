// A project (one git repository) and the workspace that lists them: plain data every layer may read.
import { UserError } from '../errors.js';

export interface Project {
  /** Display name, unique in the workspace (folder name; a pinned clash gets its parent's name). */
  name: string;
  /** Absolute real path of the repository root; the project's identity in the state database. */
  path: string;
  pinned: boolean;
  /** The host whose Shipyard runs it, for a remote workspace's project (its name is `host:name`). */
  host?: string;
}

export interface Workspace {
  root: string;
  projects: Project[];
  /** Name of the project the user started in, which gets the focus. */
  startProject?: string;
}

export function findProject(workspace: Workspace, name: string): Project {
  const project = workspace.projects.find((candidate) => candidate.name === name);
  if (!project) {
    const known = workspace.projects.map((candidate) => candidate.name).join(', ') || '(none)';
    throw new UserError(`Unknown project "${name}". Known projects: ${known}`);
  }
  return project;
}
