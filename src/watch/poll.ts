// The fallback when native watching fails (inotify limit, too many open files): a cheap
// stat-based fingerprint of the git state and of the work tree's top level, compared on a timer.
// Edits deep in the tree that change no top-level entry are missed until the next git change.
import fs from 'node:fs';
import path from 'node:path';
import type { GitDirs } from '../git/git-dir.js';
import type { ChangeReason } from './burst.js';

export interface Fingerprint {
  git: string;
  files: string;
}

/** Null when the work tree folder is gone. */
export function takeFingerprint(
  repoPath: string,
  dirs: GitDirs,
  isIgnored: (absolutePath: string, stats?: fs.Stats) => boolean,
): Fingerprint | null {
  const gitFiles = [
    path.join(dirs.gitDir, 'HEAD'),
    path.join(dirs.gitDir, 'index'),
    path.join(dirs.gitDir, 'MERGE_HEAD'),
    path.join(dirs.commonDir, 'packed-refs'),
    path.join(dirs.commonDir, 'FETCH_HEAD'),
    path.join(dirs.commonDir, 'refs', 'stash'),
  ];
  // The branch HEAD points at: a commit moves it without necessarily touching the index.
  const headRef = /^ref:\s*(\S+)/.exec(readText(path.join(dirs.gitDir, 'HEAD')))?.[1];
  if (headRef) gitFiles.push(path.join(dirs.commonDir, ...headRef.split('/')));
  const git = gitFiles.map((file) => `${file}=${statKey(file)}`).join('\n');

  let names: string[] = [];
  try {
    names = fs.readdirSync(repoPath).sort();
  } catch {
    return null;
  }
  const files = names
    .map((name) => {
      const full = path.join(repoPath, name);
      const stats = lstat(full);
      if (name === '.git' || !stats || isIgnored(full, stats)) return '';
      // A folder's mtime moves when an entry is added, removed or renamed directly inside it.
      return `${name}=${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    })
    .join('\n');
  return { git, files };
}

export function compareFingerprints(before: Fingerprint, after: Fingerprint): ChangeReason | null {
  if (before.git !== after.git) return 'git';
  if (before.files !== after.files) return 'files';
  return null;
}

function statKey(file: string): string {
  const stats = lstat(file);
  return stats ? `${stats.mtimeMs}:${stats.size}:${stats.ino}` : '-';
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
