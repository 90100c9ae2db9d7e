// The workspace: a root folder whose child git repositories are the projects, plus pinned paths.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Project, Workspace } from '../model/project.js';

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
  pinned?: string[];
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
  const projects = discoverProjects(root, options.pinned ?? []);
  const start = projects.find((project) => project.path === startPath);
  return { root, projects, startProject: start?.name };
}

export function discoverProjects(root: string, pinned: string[]): Project[] {
  const found = new Map<string, Project>();
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch (error) {
    throw new UserError(`Cannot read workspace folder ${root}: ${(error as NodeJS.ErrnoException).code}`);
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const dir = path.join(root, entry.name);
    if (!isGitRepo(dir)) continue;
    const real = realpath(dir);
    if (!found.has(real)) found.set(real, { name: entry.name, path: real, pinned: false });
  }
  for (const pin of pinned) {
    // A pinned path that vanished is still listed: its pane shows the error instead of hiding it.
    const real = realpathOrSelf(pin);
    const existing = found.get(real);
    if (existing) existing.pinned = true;
    else found.set(real, { name: path.basename(real), path: real, pinned: true });
  }
  return uniqueNames([...found.values()]).sort((a, b) => a.name.localeCompare(b.name));
}

function uniqueNames(projects: Project[]): Project[] {
  const byName = new Map<string, Project[]>();
  for (const project of projects) byName.set(project.name, [...(byName.get(project.name) ?? []), project]);
  for (const [, same] of byName) {
    if (same.length < 2) continue;
    for (const project of same) {
      if (project.pinned) project.name = `${path.basename(path.dirname(project.path))}/${project.name}`;
    }
  }
  return projects;
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
