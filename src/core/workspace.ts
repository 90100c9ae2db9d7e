// The workspace: a root folder whose git repositories (up to `discovery.depth` levels down) are the
// projects, plus pinned paths (for every workspace, or for this one).
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Project, Workspace } from '../model/project.js';
import { DISCOVERY_DEPTH, type DiscoverySettings } from '../store/settings-peek.js';

/** True when `dir` is the top of a git work tree (a `.git` folder, or a `.git` file for worktrees). */
export function isGitRepo(dir: string): boolean {
  try {
    return fs.existsSync(path.join(dir, '.git'));
  } catch {
    return false;
  }
}

/** The enclosing repository's top folder, found by walking up (no git process: start-up is hot). */
export function findRepoTop(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (isGitRepo(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface OpenWorkspaceOptions {
  cwd?: string;
  /** `--root DIR` or the positional DIR. */
  root?: string;
  /** Pinned in every workspace. */
  pinned?: string[];
  /** Pinned per workspace, by its root's real path. */
  workspaces?: Record<string, { pinned: string[] }>;
  /** Levels below the root searched for repositories (default 2). */
  depth?: number;
}

/** The options from settings (validated or peeked): `{...discoveryOptions(settings), cwd, root}`. */
export function discoveryOptions(settings: DiscoverySettings): OpenWorkspaceOptions {
  return { pinned: settings.pinned, workspaces: settings.workspaces, depth: settings.discovery.depth };
}

/** The pins of the workspace at `root`: every workspace's, then its own. */
export function pinsOf(options: OpenWorkspaceOptions, root: string): string[] {
  return [...(options.pinned ?? []), ...(options.workspaces?.[root]?.pinned ?? [])];
}

export function openWorkspace(options: OpenWorkspaceOptions = {}): Workspace {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  let root: string;
  let startPath: string | undefined;
  if (options.root) {
    root = path.resolve(cwd, options.root);
    assertDirectory(root);
    const top = isGitRepo(root) ? root : undefined;
    // `shipyard some-repo` opens the repo's workspace with that repo focused.
    if (top) {
      startPath = realpath(top);
      root = path.dirname(top);
    }
  } else {
    const top = findRepoTop(cwd);
    if (top) {
      startPath = realpath(top);
      root = path.dirname(top);
    } else {
      root = cwd;
    }
  }
  root = realpath(root);
  const projects = discoverProjects(root, pinsOf(options, root), options.depth);
  const start = projects.find((project) => project.path === startPath);
  return { root, projects, startProject: start?.name };
}

/** Folders read at most while looking for repositories: a workspace is not the whole disk. */
const MAX_FOLDERS = 5000;
const SKIPPED = new Set(['node_modules']);

/**
 * The repositories under `root` down to `depth` levels (never inside a repository, `node_modules` or a
 * dot folder), plus the pinned paths. A name is the folder's; where two clash, the nested one is
 * called by its path below the root (`org/api`), a pinned one by its parent (`elsewhere/api`).
 */
export function discoverProjects(root: string, pinned: string[], depth = DISCOVERY_DEPTH): Project[] {
  const found = new Map<string, Project & { rel: string }>();
  const seen = new Set<string>([root]);
  let level: string[] = [''];
  let budget = MAX_FOLDERS;
  for (let d = 1; d <= depth && level.length > 0 && budget > 0; d++) {
    const next: string[] = [];
    for (const rel of level) {
      if (budget-- <= 0) break;
      for (const entry of readFolder(path.join(root, rel), rel === '')) {
        if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
        if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
        const childRel = rel ? path.join(rel, entry.name) : entry.name;
        const dir = path.join(root, childRel);
        const real = realpathOrSelf(dir);
        if (seen.has(real)) continue; // a symlink back up, or to a folder already listed
        seen.add(real);
        if (isGitRepo(dir)) {
          found.set(real, { name: entry.name, path: real, pinned: false, rel: childRel });
        } else if (d < depth && isFolder(dir)) {
          next.push(childRel);
        }
      }
    }
    level = next;
  }
  for (const pin of pinned) {
    // A pinned path that vanished is still listed: its pane shows the error instead of hiding it.
    const real = realpathOrSelf(pin);
    const existing = found.get(real);
    if (existing) existing.pinned = true;
    else found.set(real, { name: path.basename(real), path: real, pinned: true, rel: '' });
  }
  return uniqueNames([...found.values()]).sort((a, b) => a.name.localeCompare(b.name));
}

function readFolder(dir: string, isRoot: boolean): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // The root must be readable; a folder below it that is not (permissions) is skipped.
    if (isRoot) {
      throw new UserError(`Cannot read workspace folder ${dir}: ${(error as NodeJS.ErrnoException).code}`);
    }
    return [];
  }
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function uniqueNames(projects: (Project & { rel: string })[]): Project[] {
  const byName = new Map<string, (Project & { rel: string })[]>();
  for (const project of projects) byName.set(project.name, [...(byName.get(project.name) ?? []), project]);
  for (const [, same] of byName) {
    if (same.length < 2) continue;
    // The shallowest found repository keeps the plain name; deeper ones and pins say where they are.
    const keeper = same.filter((p) => p.rel && !p.rel.includes(path.sep)).at(0);
    for (const project of same) {
      if (project === keeper) continue;
      if (project.rel?.includes(path.sep)) project.name = project.rel.split(path.sep).join('/');
      else if (project.pinned) project.name = `${path.basename(path.dirname(project.path))}/${project.name}`;
    }
  }
  return projects.map(({ rel: _rel, ...project }) => project);
}

function assertDirectory(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new UserError(`Workspace folder ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new UserError(`Workspace path ${dir} is not a folder`);
}

function realpath(p: string): string {
  return fs.realpathSync(p);
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}
