// Parses `git status --porcelain=v2 --branch -z` output: pure, so every case is easy to test.
import type { GitStatus } from '../model/git-status.js';

/** Everything `GitStatus` has but the last commit, plus what a status run names. */
export interface PorcelainStatus extends Omit<GitStatus, 'head' | 'lastCommit' | 'operation'> {
  /** Full hash of HEAD; null before the first commit. */
  oid: string | null;
  /** Every path named by an entry (both sides of a rename), relative to the repository root. */
  paths: string[];
  /** The untracked entries among `paths` (files with `-uall`, else files and folders). */
  untrackedPaths: string[];
}

/** Fields before the path in each kind of porcelain v2 record. */
const PATH_FIELD: Record<string, number> = { '1': 8, '2': 9, u: 10, '?': 1 };

function pathOf(record: string): string {
  const fields = record.split(' ');
  return fields.slice(PATH_FIELD[record[0]!] ?? 1).join(' ');
}

export function parsePorcelainV2(output: string): PorcelainStatus {
  const status: PorcelainStatus = {
    oid: null,
    branch: null,
    upstream: null,
    ahead: 0,
    behind: 0,
    staged: 0,
    modified: 0,
    untracked: 0,
    conflicted: 0,
    dirty: 0,
    paths: [],
    untrackedPaths: [],
  };
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    switch (record[0]) {
      case '#':
        readHeader(status, record);
        break;
      case '1':
      case '2': {
        // `<kind> <XY> ...`: X is the index (staged) side, Y the work tree side.
        if (record[2] !== '.') status.staged++;
        if (record[3] !== '.') status.modified++;
        status.dirty++;
        status.paths.push(pathOf(record));
        // A rename or copy is followed by its original path as a record of its own.
        if (record[0] === '2') status.paths.push(records[++i] ?? '');
        break;
      }
      case 'u':
        status.conflicted++;
        status.dirty++;
        status.paths.push(pathOf(record));
        break;
      case '?':
        status.untracked++;
        status.dirty++;
        status.paths.push(pathOf(record));
        status.untrackedPaths.push(pathOf(record));
        break;
      default:
        // '' (the trailing NUL) and '!' (ignored files, not requested).
        break;
    }
  }
  return status;
}

function readHeader(status: PorcelainStatus, record: string): void {
  const [, key, ...rest] = record.split(' ');
  const value = rest.join(' ');
  switch (key) {
    case 'branch.oid':
      status.oid = value === '(initial)' ? null : value;
      break;
    case 'branch.head':
      status.branch = value === '(detached)' ? null : value;
      break;
    case 'branch.upstream':
      status.upstream = value;
      break;
    case 'branch.ab': {
      // `+<ahead> -<behind>`; absent when the upstream branch is gone.
      const match = /^\+(\d+) -(\d+)$/.exec(value);
      if (match) {
        status.ahead = Number(match[1]);
        status.behind = Number(match[2]);
      }
      break;
    }
    default:
      break;
  }
}
