// What one intent changed in git, read back from its commit (or the tree it only staged): the files
// with their line counts, and the unified diff. Never the user's uncommitted edits, never a later
// commit: only the recorded objects are compared.
import { runGit } from './run.js';

/** An intent's change as git objects: a commit, or a staged tree against the HEAD it was staged on. */
export type ChangeRef =
  | { kind: 'commit'; commit: string }
  | { kind: 'staged'; base: string | null; tree: string; files: string[] };

export interface FileStat {
  path: string;
  /** Lines added and removed; null for a binary file. */
  added: number | null;
  removed: number | null;
}

export interface ChangeStat {
  files: FileStat[];
  added: number;
  removed: number;
}

const PLAIN = ['--no-color', '--no-ext-diff', '--no-renames', '--no-textconv'];

/** The tree of an empty folder in this repository's hash (sha1 or sha256). */
export async function emptyTree(repoPath: string): Promise<string> {
  return (await runGit(repoPath, ['hash-object', '-t', 'tree', '--stdin'], { input: '' })).trim();
}

/** Paths as pathspecs that match themselves only (a `*` or `:` in a name is no pattern). */
const literal = (paths: readonly string[]) => paths.map((rel) => `:(literal)${rel}`);

/** The diff command for the change; `only` narrows it to some of its files (a first screen). */
async function diffArgs(repoPath: string, ref: ChangeRef, only?: readonly string[]): Promise<string[]> {
  if (ref.kind === 'commit') {
    const paths = only ? ['--', ...literal(only)] : [];
    return ['diff-tree', '-r', '--root', '--no-commit-id', ...PLAIN, ref.commit, ...paths];
  }
  const base = ref.base ?? (await emptyTree(repoPath));
  return ['diff', ...PLAIN, base, ref.tree, '--', ...literal(only ?? ref.files)];
}

/** Per file `+added −removed`, paths exactly as git stores them (`-z`: no quoting). */
export async function changeStat(repoPath: string, ref: ChangeRef): Promise<ChangeStat> {
  const args = await diffArgs(repoPath, ref);
  const output = await runGit(repoPath, [...args.slice(0, 1), '--numstat', '-z', ...args.slice(1)]);
  return parseNumstat(output);
}

export function parseNumstat(output: string): ChangeStat {
  const files: FileStat[] = [];
  for (const record of output.split('\0')) {
    const match = /^(-|\d+)\t(-|\d+)\t([\s\S]+)$/.exec(record.replace(/^\n/, ''));
    if (!match) continue;
    files.push({
      path: match[3]!,
      added: match[1] === '-' ? null : Number(match[1]),
      removed: match[2] === '-' ? null : Number(match[2]),
    });
  }
  return {
    files,
    added: files.reduce((sum, file) => sum + (file.added ?? 0), 0),
    removed: files.reduce((sum, file) => sum + (file.removed ?? 0), 0),
  };
}

/**
 * The line counts and the unified diff (`-p`, as `git diff` prints it without colour) from one git
 * process: with `-z` the numstat records come first, each NUL-ended, then one more NUL, then the patch.
 */
export async function changeDiff(
  repoPath: string,
  ref: ChangeRef,
  only?: readonly string[],
): Promise<{ stat: ChangeStat; patch: string }> {
  const args = await diffArgs(repoPath, ref, only);
  const output = await runGit(repoPath, [...args.slice(0, 1), '--numstat', '-z', '-p', ...args.slice(1)], {
    timeoutMs: 60_000,
  });
  const split = output.indexOf('\0\0');
  if (split === -1) return { stat: parseNumstat(output), patch: '' };
  return { stat: parseNumstat(output.slice(0, split + 1)), patch: output.slice(split + 2) };
}

/** HEAD's full hash, or null before the first commit. */
export async function headCommit(repoPath: string): Promise<string | null> {
  try {
    return (await runGit(repoPath, ['rev-parse', '--verify', '--quiet', 'HEAD'])).trim() || null;
  } catch {
    return null;
  }
}

/** The index's tree right now (what a commit would hold); `env` may point at a copy of the index. */
export async function indexTree(repoPath: string, env?: Record<string, string>): Promise<string> {
  return (await runGit(repoPath, ['write-tree'], env ? { env } : {})).trim();
}
