// What a fenced command must not see: the user's credential folders and files under $HOME,
// Shipyard's own home (settings may hold an API key, state.db every tool output), and the secret
// files of the workspace's other projects (the reference tools' deny list).
import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../processes.js';

export interface Masks {
  /** Folders replaced by an empty tmpfs. */
  dirs: string[];
  /** Files replaced by an unreadable node. */
  files: string[];
  /** Set when a sibling was too big to scan whole (the rest of it is not masked). */
  truncated?: string;
}

/** Relative to $HOME. Folders first, then files. */
export const HOME_SECRET_DIRS = [
  '.ssh',
  '.aws',
  '.azure',
  '.gnupg',
  '.kube',
  '.docker',
  '.password-store',
  '.config/gh',
  '.config/hub',
  '.config/gcloud',
  '.config/shipyard',
  '.config/google-chrome',
  '.config/chromium',
  '.mozilla',
  '.local/share/keyrings',
  '.terraform.d',
];
export const HOME_SECRET_FILES = [
  '.netrc',
  '_netrc',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pypirc',
  '.pgpass',
  '.git-credentials',
  '.config/git/credentials',
  '.cargo/credentials',
  '.cargo/credentials.toml',
  '.gem/credentials',
  '.vault-token',
  '.boto',
  '.s3cfg',
  '.bash_history',
  '.zsh_history',
  '.python_history',
  '.psql_history',
  '.mysql_history',
  '.node_repl_history',
];

// Generated trees that hold no one's secrets and can be huge.
const SKIP_DIRS = new Set(['node_modules', '.venv', 'venv', '__pycache__', '.cache', '.next', '.turbo']);
const MAX_ENTRIES = 50_000;

export interface MaskInput {
  projectRoot: string;
  home?: string;
  shipyardHome?: string;
  /** The workspace's other projects (real paths). */
  siblings: string[];
  /** The reference deny list: true for a `/`-separated relative path that must not be shown. */
  deny: (rel: string, isDirectory?: boolean) => boolean;
}

export function findMasks(input: MaskInput): Masks {
  const dirs: string[] = [];
  const files: string[] = [];
  // A mask that contains the project would hide the project itself.
  const keep = (p: string) => !isInside(input.projectRoot, p);
  const add = (p: string) => {
    const stat = statFollowing(p);
    if (!stat || !keep(p)) return;
    if (stat.isDirectory()) dirs.push(p);
    else if (stat.isFile()) files.push(p);
  };
  if (input.home) {
    for (const rel of [...HOME_SECRET_DIRS, ...HOME_SECRET_FILES]) add(path.join(input.home, rel));
  }
  if (input.shipyardHome) add(path.resolve(input.shipyardHome));
  let truncated: string | undefined;
  for (const sibling of input.siblings) {
    if (isInside(sibling, input.projectRoot) || isInside(input.projectRoot, sibling)) continue;
    if (!scanSibling(sibling, input.deny, dirs, files)) truncated ??= sibling;
  }
  return { dirs, files, ...(truncated ? { truncated } : {}) };
}

/** Walks one sibling breadth-first; false when it stopped at the entry limit. */
function scanSibling(root: string, deny: MaskInput['deny'], dirs: string[], files: string[]): boolean {
  const queue = [''];
  let seen = 0;
  while (queue.length) {
    const rel = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return false;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = path.join(root, childRel);
      const isDir = entry.isDirectory();
      if (deny(childRel, isDir)) {
        if (isDir) dirs.push(abs);
        else if (entry.isFile() || entry.isSymbolicLink()) files.push(abs);
        continue;
      }
      if (isDir && !SKIP_DIRS.has(entry.name)) queue.push(childRel);
    }
  }
  return true;
}

function statFollowing(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
