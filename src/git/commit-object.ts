// HEAD's last commit (short hash, committer date, subject) as `git log -1 --format=%h%x00%cI%x00%s`
// prints it, read from the object store (`object-read.ts`): a pane refresh then costs one git
// process (status) instead of two. Undefined whenever the answer might differ from git's (another
// encoding, a delta, a core.abbrev setting): the caller runs `git log` then.
import fs from 'node:fs';
import path from 'node:path';
import type { LastCommit } from '../model/git-status.js';
import { resolveGitDirs } from './git-dir.js';
import { readObject } from './object-read.js';

/**
 * Commits already read, by object store and id: a commit never changes, and a pane's every re-read
 * (start-up reads each repository twice, then after each change) mostly finds the same HEAD.
 */
const parsedCommits = new Map<string, Omit<LastCommit, 'hash'>>();
const KEPT_COMMITS = 512;

/** The commit `oid` (full hex, from `git status --porcelain=v2`'s `branch.oid`) of the repository. */
export function readCommitObject(repoPath: string, oid: string): LastCommit | undefined {
  const dirs = resolveGitDirs(repoPath);
  if (!dirs) return undefined;
  // The short hash's length follows the object count, so it is worked out on every read.
  const abbrev = abbrevLength(dirs.commonDir);
  if (abbrev === undefined) return undefined;
  const key = `${dirs.commonDir}\0${oid}`;
  let parsed = parsedCommits.get(key);
  if (!parsed) {
    const object = readObject(path.join(dirs.commonDir, 'objects'), oid);
    if (object?.type !== 'commit') return undefined;
    parsed = parseCommit(object.body.toString('utf8'));
    if (!parsed) return undefined;
    if (parsedCommits.size >= KEPT_COMMITS) parsedCommits.delete(parsedCommits.keys().next().value!);
    parsedCommits.set(key, parsed);
  }
  return { hash: oid.slice(0, abbrev), ...parsed };
}

/** The committer date and subject of a raw commit object, or undefined when git would re-encode it. */
export function parseCommit(text: string): Omit<LastCommit, 'hash'> | undefined {
  const end = text.indexOf('\n\n');
  const headers = (end < 0 ? text : text.slice(0, end)).split('\n');
  let date: string | undefined;
  for (const header of headers) {
    if (header.startsWith('encoding ') && !/^encoding utf-?8$/i.test(header.trim())) return undefined;
    const committer = /^committer .*> (\d+) ([+-])(\d\d)(\d\d)$/.exec(header);
    if (committer) date = isoDate(Number(committer[1]), committer[2]!, committer[3]!, committer[4]!);
  }
  if (!date) return undefined;
  return { date, subject: end < 0 ? '' : subjectOf(text.slice(end + 2)) };
}

/** `%s`: the first paragraph, its lines joined by spaces, trailing white space off each line. */
function subjectOf(message: string): string {
  const lines = message.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const subject: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i]!.replace(/\s+$/, '');
    if (line === '') break;
    subject.push(line);
  }
  return subject.join(' ');
}

/** `%cI`: strict ISO 8601 in the committer's own time zone, `2024-05-06T07:08:09+02:00`. */
function isoDate(epochSeconds: number, sign: string, hours: string, minutes: string): string {
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const local = new Date((epochSeconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${sign}${hours}:${minutes}`;
}

/**
 * The length of `%h` as git picks it without `core.abbrev`: 7 hex digits, more in big repositories
 * (half the bit length of the object count, rounded up). Git lengthens it further only when the
 * prefix is ambiguous, which at these lengths is rare. Undefined when a config sets core.abbrev
 * (the repository's, the user's or the system's; files they include are not followed).
 */
function abbrevLength(commonDir: string): number | undefined {
  if (setsAbbrev(path.join(commonDir, 'config')) !== false || globalAbbrev()) return undefined;
  let count = 0;
  const packDir = path.join(commonDir, 'objects', 'pack');
  try {
    for (const name of fs.readdirSync(packDir)) {
      if (!name.endsWith('.idx')) continue;
      const fd = fs.openSync(path.join(packDir, name), 'r');
      try {
        const total = Buffer.alloc(4);
        fs.readSync(fd, total, 0, 4, 8 + 255 * 4);
        count += total.readUInt32BE(0);
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch {
    // No packs: a young repository.
  }
  return Math.max(7, Math.ceil(Math.floor(Math.log2(Math.max(1, count)) + 1) / 2));
}

/** Whether a config file sets `abbrev` (only core has that key); undefined when it cannot be read. */
function setsAbbrev(file: string): boolean | undefined {
  try {
    return /^\s*abbrev\s*=/im.test(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

let globalSetting: boolean | undefined;

function globalAbbrev(): boolean {
  const home = process.env.HOME ?? '';
  const xdg = process.env.XDG_CONFIG_HOME || path.join(home, '.config');
  globalSetting ??= [path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config'), '/etc/gitconfig'].some(
    (file) => setsAbbrev(file) === true,
  );
  return globalSetting;
}
