// Turns a path the model wrote into a real path inside a root, or refuses. Every tool goes through here.
import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.js';

/** A path the model may not use: outside the root, into `.git/`, or not resolvable. */
export class PathError extends UserError {
  override name = 'PathError';
}

export interface InsidePath {
  /** Real absolute path (symlinks resolved, also for the existing part of a not-yet-existing path). */
  abs: string;
  /** `/`-separated path relative to the real root; `.` for the root itself. */
  rel: string;
  /** The path as written, normalised without following symlinks, when that is inside the root. */
  requestedRel?: string;
}

// Linux allows 40 symlinks in one resolution; more means a loop.
const MAX_LINKS = 40;

export async function resolveInsideRoot(root: string, userPath: string): Promise<InsidePath> {
  if (userPath.includes('\0')) throw new PathError(`Path "${printable(userPath)}" contains a NUL byte`);
  const realRoot = await fs.realpath(root);
  const requested = path.resolve(realRoot, userPath === '' ? '.' : userPath);
  const abs = await realpathAllowMissing(requested, userPath);
  const rel = relativeInside(realRoot, abs);
  if (rel === undefined) {
    const how = abs === requested ? '' : ` (resolves to ${abs})`;
    throw new PathError(
      `Path "${printable(userPath)}"${how} is outside the project root; only paths inside it are allowed`,
    );
  }
  return { abs, rel, requestedRel: relativeInside(realRoot, requested) };
}

/** Refuses writes into git's own data (`.git/` at any depth, including submodules'). */
export function assertWritable(rel: string): void {
  if (rel.split('/').includes('.git')) {
    throw new PathError(`Refusing to write "${rel}": files under .git/ are git's own data`);
  }
  if (rel === '.') throw new PathError('Refusing to write the project root itself; name a file');
}

/**
 * Refuses a file with more than one hard link: its other names may be outside the project (a
 * sibling's `.env`, `~/.bashrc`), and reading or writing through this one would reach them.
 */
export async function assertOneLink(abs: string, rel: string): Promise<void> {
  const stat = await fs.lstat(abs).catch(() => undefined);
  if (stat?.isFile() && stat.nlink > 1) {
    throw new PathError(
      `Refusing "${rel}": it has ${stat.nlink} hard links, and another name for it may be outside the project`,
    );
  }
}

/** The `/`-separated path of `abs` relative to `root`, or undefined when `abs` is not inside `root`. */
export function relativeInside(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  if (rel === '') return '.';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

// Like realpath, but a missing tail is appended to its nearest existing parent's real path, and a
// dangling symlink is followed to where a write would land — so a link pointing out cannot smuggle a write.
async function realpathAllowMissing(p: string, userPath: string, links = 0): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new PathError(`Path "${printable(userPath)}" has a symlink loop`);
    if (code === 'ENOTDIR')
      throw new PathError(`Path "${printable(userPath)}" goes through a file as if it were a folder`);
    if (code !== 'ENOENT')
      throw new PathError(`Cannot resolve "${printable(userPath)}": ${code ?? String(error)}`);
  }
  const stat = await fs.lstat(p).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    if (links >= MAX_LINKS) throw new PathError(`Path "${printable(userPath)}" has a symlink loop`);
    const target = path.resolve(path.dirname(p), await fs.readlink(p));
    return realpathAllowMissing(target, userPath, links + 1);
  }
  const parent = path.dirname(p);
  if (parent === p) return p;
  return path.join(await realpathAllowMissing(parent, userPath, links), path.basename(p));
}

function printable(text: string): string {
  return text.replace(/[\0-\x1f]/g, '?');
}
