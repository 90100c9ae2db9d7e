// Real temp git repositories and tool contexts for the tool tests.
import fs from 'node:fs';
import path from 'node:path';
import type { Tool, ToolContext, ToolResult } from '../../src/agent/tool.js';
import type { Workspace } from '../../src/model/project.js';
import { makeTempDir, removeTempDirs, git as runGit } from './git-repos.js';

/** A fresh temp folder, removed by removeTempDirs() (the same registry as the git-repo helpers). */
export function tempDir(prefix = 'shipyard-tools-'): string {
  return makeTempDir(prefix);
}

export { removeTempDirs };

export function git(cwd: string, ...args: string[]): string {
  return runGit(cwd, args);
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
}

/** A git repository with `files` committed on `main`, in `dir` or a new temp folder. */
export function makeRepo(files: Record<string, string>, dir = tempDir()): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'initial');
  return fs.realpathSync(dir);
}

export function makeContext(projectRoot: string, extra: Partial<ToolContext> = {}): ToolContext {
  return {
    projectRoot,
    signal: new AbortController().signal,
    commandTimeoutMs: 10_000,
    changedFiles: new Set(),
    ...extra,
  };
}

export function workspaceOf(root: string, names: string[]): Workspace {
  return {
    root,
    projects: names.map((name) => ({ name, path: fs.realpathSync(path.join(root, name)), pinned: false })),
  };
}

/** Runs a tool through its public surface, arguments checked by its own schema first. */
export async function call(tool: Tool, args: unknown, ctx: ToolContext): Promise<ToolResult> {
  return tool.run(tool.parameters.parse(args), ctx);
}
