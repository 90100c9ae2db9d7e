// Decides which paths of a project the watcher skips: gitignored files, node_modules, and all
// of the git directory except the few files that say "HEAD, the index or a ref moved".
import type { Stats } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { GitDirs } from '../git/git-dir.js';

export interface IgnoreFilter {
  /** chokidar's `ignored` matcher: absolute path, stats when chokidar has them. */
  isIgnored(absolutePath: string, stats?: Stats): boolean;
  /** True for paths inside the git directories (a change there is a 'git' change). */
  isGitPath(absolutePath: string): boolean;
  /** Forget the cached rules of the folder holding a `.gitignore` that changed. */
  forgetRules(gitignorePath: string): void;
}

/** Files of the git directory (per work tree) whose change means HEAD, the index or a merge moved. */
const GIT_DIR_FILES = new Set(['HEAD', 'index', 'MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD']);
/** Files of the common directory: branch, tag, remote and stash refs. */
const COMMON_DIR_FILES = new Set(['packed-refs', 'FETCH_HEAD']);

export function createIgnoreFilter(repoPath: string, dirs: GitDirs): IgnoreFilter {
  const root = path.resolve(repoPath);
  const gitDir = path.resolve(dirs.gitDir);
  const commonDir = path.resolve(dirs.commonDir);
  const gitDirFiles = gitDir === commonDir ? new Set([...GIT_DIR_FILES, ...COMMON_DIR_FILES]) : GIT_DIR_FILES;
  // Lower precedence than every .gitignore: the repository's exclude file, then the user's global
  // one at its default place (a custom `core.excludesFile` would need a git process; not read).
  const baseRules = ignore({ ignorecase: false })
    .add(readRules(path.join(globalConfigHome(), 'git', 'ignore')))
    .add(readRules(path.join(commonDir, 'info', 'exclude')));
  // Folder (absolute) -> its .gitignore rules, null when it has none. Read lazily, once.
  const rules = new Map<string, Ignore | null>();

  function rulesOf(dir: string): Ignore | null {
    let found = rules.get(dir);
    if (found === undefined) {
      const text = readRules(path.join(dir, '.gitignore'));
      found = text ? ignore({ ignorecase: false }).add(text) : null;
      rules.set(dir, found);
    }
    return found;
  }

  function isGitIgnored(relative: string, isDirectory: boolean): boolean {
    const segments = relative.split(path.sep);
    if (segments.includes('node_modules')) return true;
    // Deepest .gitignore first: the first file with a verdict on the path decides (as git does).
    for (let depth = segments.length - 1; depth >= 0; depth--) {
      const dirRules = rulesOf(path.join(root, ...segments.slice(0, depth)));
      if (!dirRules) continue;
      const verdict = dirRules.test(toPattern(segments.slice(depth), isDirectory));
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return baseRules.ignores(toPattern(segments, isDirectory));
  }

  return {
    isIgnored(absolutePath, stats) {
      const target = path.resolve(absolutePath);
      if (isInside(gitDir, target)) return !wantedGitPath(path.relative(gitDir, target), gitDirFiles);
      if (isInside(commonDir, target))
        return !wantedGitPath(path.relative(commonDir, target), COMMON_DIR_FILES);
      const relative = path.relative(root, target);
      if (relative === '' || !isInside(root, target)) return false;
      // A `.git` file (linked work tree) or a `.git` folder that is not ours (a nested repository).
      if (relative.split(path.sep).includes('.git')) return true;
      return isGitIgnored(relative, stats?.isDirectory() ?? false);
    },
    isGitPath(absolutePath) {
      const target = path.resolve(absolutePath);
      return isInside(gitDir, target) || isInside(commonDir, target);
    },
    forgetRules(gitignorePath) {
      rules.delete(path.dirname(path.resolve(gitignorePath)));
    },
  };
}

/** Inside a git directory: the folder itself, the listed files, and refs/ without lock files. */
function wantedGitPath(relative: string, files: ReadonlySet<string>): boolean {
  if (relative === '' || files.has(relative)) return true;
  if (relative.endsWith('.lock')) return false;
  // Shipyard's own snapshot refs change no state a pane shows.
  if (relative.startsWith(`refs${path.sep}shipyard`)) return false;
  return relative === 'refs' || relative.startsWith(`refs${path.sep}`);
}

function toPattern(segments: string[], isDirectory: boolean): string {
  // `ignore` wants '/' separators, and a trailing '/' to match directory-only rules like `build/`.
  const joined = segments.join('/');
  return isDirectory ? `${joined}/` : joined;
}

function isInside(parent: string, target: string): boolean {
  return target === parent || target.startsWith(parent + path.sep);
}

function readRules(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function globalConfigHome(): string {
  return process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
}
