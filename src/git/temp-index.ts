// A private copy of a project's index for plumbing (snapshots, restore): git writes trees from it
// and never locks or rewrites the user's own `.git/index`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import { resolveGitDirs } from './git-dir.js';

/**
 * Runs `work` with `GIT_INDEX_FILE` pointing at a copy of the user's index (or at no index yet,
 * when `empty` or when the repository has none). The copy keeps the original's mtime so git's
 * stat cache judges files exactly as it would on the real index: only changed files are hashed.
 */
export async function withTempIndex<T>(
  repoPath: string,
  work: (env: { GIT_INDEX_FILE: string }) => Promise<T>,
  options: { empty?: boolean } = {},
): Promise<T> {
  const dirs = resolveGitDirs(repoPath);
  if (!dirs) throw new UserError(`not a git repository: ${repoPath}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-index-'));
  const file = path.join(dir, 'index');
  try {
    const real = path.join(dirs.gitDir, 'index');
    if (!options.empty && fs.existsSync(real)) {
      fs.copyFileSync(real, file);
      const { atime, mtime } = fs.statSync(real);
      fs.utimesSync(file, atime, mtime);
    }
    return await work({ GIT_INDEX_FILE: file });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
