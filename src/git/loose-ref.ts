// Writes a ref as git's files backend stores it (`<common dir>/refs/...` holding the hash), with
// git's own lock protocol (an exclusive `.lock` file renamed into place): no git process for the
// snapshot of a clean tree, which happens before every intent. Repositories on another ref backend
// (reftable) or any surprise answer false, and the caller runs `git update-ref`.
import fs from 'node:fs';
import path from 'node:path';
import { resolveGitDirs } from './git-dir.js';

export function writeLooseRef(repoPath: string, ref: string, oid: string): boolean {
  const dirs = resolveGitDirs(repoPath);
  if (
    !dirs ||
    !/^refs\/[\w./-]+$/.test(ref) ||
    ref.includes('..') ||
    !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid)
  ) {
    return false;
  }
  try {
    if (/^\s*refstorage\s*=/im.test(fs.readFileSync(path.join(dirs.commonDir, 'config'), 'utf8')))
      return false;
    const file = path.join(dirs.commonDir, ref);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = `${file}.lock`;
    fs.writeFileSync(lock, `${oid}\n`, { flag: 'wx' });
    try {
      fs.renameSync(lock, file);
    } catch (error) {
      fs.rmSync(lock, { force: true });
      throw error;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The commit `ref` points at, read as git's files backend stores it (a loose file, or a line of
 * `packed-refs`): no git process. Null when there is no such ref; undefined when the files cannot
 * tell (reftable, no `.git`, a symbolic or unreadable ref).
 */
export function readRefFile(repoPath: string, ref: string): string | null | undefined {
  const dirs = resolveGitDirs(repoPath);
  if (!dirs || !/^refs\/[\w./-]+$/.test(ref) || ref.includes('..')) return undefined;
  const oid = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
  try {
    if (/^\s*refstorage\s*=/im.test(fs.readFileSync(path.join(dirs.commonDir, 'config'), 'utf8')))
      return undefined;
    const loose = read(path.join(dirs.commonDir, ref))?.trim();
    if (loose !== undefined) return oid.test(loose) ? loose : undefined;
    const line = (read(path.join(dirs.commonDir, 'packed-refs')) ?? '')
      .split('\n')
      .find((entry) => entry.endsWith(` ${ref}`));
    if (!line) return null;
    const packed = line.slice(0, line.indexOf(' '));
    return oid.test(packed) ? packed : undefined;
  } catch {
    return undefined;
  }
}

/** A file's text, or undefined when it is not there. */
function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
