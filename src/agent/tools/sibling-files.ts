// What `git grep --untracked` would search in a repository, read for the kept search index
// (`sibling-index.ts`): the file list in git's own order, the folders to watch, each file's bytes.
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { runGit } from './git-process.js';
import { isDefaultSecret } from './secrets.js';

/** One file as the index holds it; `text` is its bytes as latin1 (one char per byte), if searchable. */
export interface IndexedFile {
  path: string;
  text?: string;
  /** A line longer than LONG_LINE: a repeating regex could take quadratic time on it. */
  longLines: boolean;
  /** What its `diff` attribute makes of it for git grep -I: binary, text, or (absent) NUL decides. */
  binary?: boolean;
  /** lstat's ctime when read (-1: no file; any write or rename changes it), for when a watch missed. */
  stamp?: number;
}

export interface FileList {
  /** Every file git grep --untracked walks to: not ignored, tracked or not, sorted by their bytes. */
  paths: string[];
  /** Something git grep treats specially (sparse, unmerged, assume-unchanged, an odd name): git answers. */
  unsupported: boolean;
}

export const LONG_LINE = 1000;
// git grep -I: a NUL in the first 8,000 bytes makes a file binary (with no `diff` attribute).
const BINARY_PROBE = 8000;
const SLICE_MS = 8;

/** Reads output of a git command as NUL-separated records, or throws with its stderr. */
export async function gitRecords(
  root: string,
  args: string[],
  separator: '\0' | '\n' = '\0',
  input?: string,
): Promise<string[]> {
  const records: string[] = [];
  const result = await runGit(args, {
    cwd: root,
    separator,
    input,
    onRecord: (record) => {
      if (record !== '') records.push(record);
      return true;
    },
  });
  if (result.code !== 0) throw new Error(`git ${args[0]} failed: ${result.stderr}`);
  return records;
}

/**
 * `git grep --untracked` walks the worktree as `git ls-files --others` does, but keeps tracked files
 * too: tracked files an ignore rule matches are not searched, untracked ones that none matches are.
 */
export async function listFiles(root: string): Promise<FileList> {
  const [tracked, untracked, trackedIgnored] = await Promise.all([
    gitRecords(root, ['ls-files', '-z', '-v', '--cached']),
    gitRecords(root, ['ls-files', '-z', '--others', '--exclude-standard']),
    gitRecords(root, ['ls-files', '-z', '--cached', '--ignored', '--exclude-standard']),
  ]);
  const ignored = new Set(trackedIgnored);
  let unsupported = false;
  const kept: string[] = [];
  for (const record of tracked) {
    // `H <path>`: H is a plain cached entry (S skip-worktree, M unmerged, lower case assume-unchanged).
    if (!record.startsWith('H ')) unsupported = true;
    const file = record.slice(2);
    if (!ignored.has(file)) kept.push(file);
  }
  // A nested repository is listed as `sub/`; git grep does not go into it.
  const others = untracked.filter((file) => !file.endsWith('/'));
  // Both lists come sorted by their bytes; so does git grep's walk.
  const paths = mergeSorted(kept, others);
  // A name that is not UTF-8 cannot be opened by its decoded form.
  if (paths.some((file) => file.includes('\uFFFD'))) unsupported = true;
  return { paths, unsupported };
}

function mergeSorted(a: string[], b: string[]): string[] {
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) merged.push(byteOrder(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) merged.push(a[i++]!);
  while (j < b.length) merged.push(b[j++]!);
  return merged;
}

/** UTF-8 byte order, which is code point order: a surrogate pair sorts after every BMP character. */
export function byteOrder(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const [sx, sy] = [x >= 0xd800 && x <= 0xdfff, y >= 0xd800 && y <= 0xdfff];
    return sx === sy ? x - y : sx ? 1 : -1;
  }
  return a.length - b.length;
}

/**
 * The folders git walks for untracked files: all but `.git`, nested repositories and folders that
 * an ignore pattern excludes as a whole (git lists those without anything below them).
 */
export async function listFolders(
  root: string,
  limit: number,
): Promise<{ folders: Set<string>; ignored: Set<string> } | undefined> {
  const ignored = await gitRecords(root, [
    'ls-files',
    '-z',
    '--others',
    '--ignored',
    '--exclude-standard',
    '--directory',
  ]);
  const skipped = new Set<string>();
  for (let i = 0; i < ignored.length; i++) {
    const entry = ignored[i]!;
    if (entry.endsWith('/') && !ignored[i + 1]?.startsWith(entry)) skipped.add(entry.slice(0, -1));
  }
  const folders = new Set<string>();
  const pending = [''];
  let slice = performance.now();
  const device = fs.statSync(root).dev;
  while (pending.length > 0) {
    const folder = pending.pop()!;
    folders.add(folder);
    if (folders.size > limit) return undefined;
    // Another filesystem mounted inside: it may be one whose changes inotify does not see.
    if (fs.lstatSync(path.join(root, folder), { throwIfNoEntry: false })?.dev !== device) return undefined;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === '.git') continue;
      const rel = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (skipped.has(rel) || fs.existsSync(path.join(root, rel, '.git'))) continue;
      pending.push(rel);
    }
    if (performance.now() - slice > SLICE_MS) {
      await nextTurn();
      slice = performance.now();
    }
  }
  return { folders, ignored: new Set(ignored) };
}

const MAX_APPEARED = 200;

/**
 * Of names that appeared in watched folders, the files git grep would walk to (untracked, not
 * ignored) and the ignored ones; undefined when only listing everything again can tell (a new or
 * removed folder, too many names).
 */
export async function addedFiles(
  root: string,
  names: string[],
  isWatched: (folder: string) => boolean,
): Promise<{ files: string[]; ignored: string[] } | undefined> {
  if (names.length > MAX_APPEARED) return undefined;
  const candidates: string[] = [];
  for (const name of names) {
    const stat = fs.lstatSync(path.join(root, name), { throwIfNoEntry: false });
    if (stat?.isDirectory() || (!stat && isWatched(name))) return undefined;
    if (stat) candidates.push(name);
  }
  if (candidates.length === 0) return { files: [], ignored: [] };
  const listed = await gitRecords(root, [
    'ls-files',
    '-z',
    '--others',
    '--exclude-standard',
    '--',
    ...candidates,
  ]);
  const files = new Set(listed);
  return { files: listed, ignored: candidates.filter((name) => !files.has(name)) };
}

/**
 * Reads files in slices of a few milliseconds, so a running app keeps drawing meanwhile; stops
 * once more than `limit` bytes were read (false).
 */
export async function readFiles(root: string, files: IndexedFile[], limit: number): Promise<boolean> {
  let bytes = 0;
  let slice = performance.now();
  for (const file of files) {
    readInto(root, file);
    bytes += file.text?.length ?? 0;
    if (bytes > limit) return false;
    if (performance.now() - slice > SLICE_MS) {
      await nextTurn();
      slice = performance.now();
    }
  }
  return true;
}

/** What git grep would read: a regular file (never through a symlink), not binary, not a secret. */
export function readInto(root: string, file: IndexedFile): void {
  file.text = undefined;
  file.longLines = false;
  if (isDefaultSecret(file.path)) return;
  // Before the read: a change between the two makes the stamp differ, never the other way round.
  file.stamp = stampOf(root, file.path);
  let fd: number;
  try {
    fd = fs.openSync(path.join(root, file.path), fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch {
    return;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return;
    const length = readAll(fd);
    const bytes = scratch.subarray(0, length);
    if (file.binary ?? bytes.subarray(0, BINARY_PROBE).includes(0)) return;
    file.longLines = hasLongLine(bytes);
    file.text = bytes.toString('latin1');
  } catch {
    file.text = undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function stampOf(root: string, file: string): number {
  return fs.lstatSync(path.join(root, file), { throwIfNoEntry: false })?.ctimeMs ?? -1;
}

/** Reads again every file whose lstat changed since it was read; for when watches may have missed. */
export async function rereadChanged(root: string, files: readonly IndexedFile[]): Promise<void> {
  let slice = performance.now();
  for (const file of files) {
    if (file.stamp !== undefined && stampOf(root, file.path) !== file.stamp) readInto(root, file);
    if (performance.now() - slice > SLICE_MS) {
      await nextTurn();
      slice = performance.now();
    }
  }
}

// One buffer reused for every read: 50,000 files do not leave 50,000 buffers for the collector.
let scratch = Buffer.allocUnsafe(1 << 20);

function readAll(fd: number): number {
  let length = 0;
  for (;;) {
    if (length === scratch.length) {
      const larger = Buffer.allocUnsafe(scratch.length * 2);
      scratch.copy(larger);
      scratch = larger;
    }
    const read = fs.readSync(fd, scratch, length, scratch.length - length, null);
    if (read === 0) return length;
    length += read;
  }
}

function hasLongLine(bytes: Buffer): boolean {
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(10, start);
    if ((end === -1 ? bytes.length : end) - start > LONG_LINE) return true;
    if (end === -1) break;
    start = end + 1;
  }
  return false;
}
