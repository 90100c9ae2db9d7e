// A snapshot of a project's working tree before each intent: tracked changes, staged changes and
// untracked files that are not ignored, as a commit object under
// `refs/shipyard/snapshots/<state id>/<intent>` (never on a branch, never pushed). The state id is the
// state database's own (`store/state-id.ts`): intent numbers are per database, and two databases may
// work on one repository (a remote host's and a local app's, or a database deleted and made anew). Built with plumbing on a temporary index, so the user's index,
// HEAD and files are never touched. Git stores content once: unchanged files cost nothing.
import fs from 'node:fs';
import { readRefFile, writeLooseRef } from './loose-ref.js';
import type { PorcelainStatus } from './porcelain.js';
import { runGit } from './run.js';
import { withTempIndex } from './temp-index.js';

export const SNAPSHOT_REFS = 'refs/shipyard/snapshots/';

export interface SnapshotLimits {
  /** Untracked files beyond this many bytes (in path order) are left out of the snapshot. */
  maxUntrackedBytes: number;
}

export interface TakenSnapshot {
  ref: string;
  commit: string;
  /** What was left out, one line (the size limit), or undefined. */
  skipped?: string;
  /** An earlier attempt's snapshot of this intent was there: kept, not overwritten. */
  kept?: true;
}

/** Snapshot commits are Shipyard's, whatever the user's identity or signing settings say. */
const IDENTITY = {
  GIT_AUTHOR_NAME: 'Shipyard',
  GIT_AUTHOR_EMAIL: 'shipyard@localhost',
  GIT_COMMITTER_NAME: 'Shipyard',
  GIT_COMMITTER_EMAIL: 'shipyard@localhost',
};

/** Whose snapshot: the state database (its id) and its intent. */
export interface SnapshotKey {
  stateId: string;
  intentId: number;
}

export function snapshotRef({ stateId, intentId }: SnapshotKey): string {
  return `${SNAPSHOT_REFS}${stateId}/${intentId}`;
}

/**
 * Where Shipyard before per-database names wrote the snapshot of intent `intentId`. Any database's
 * intent of that number may have written it: never restored from, only pruned.
 */
export function legacySnapshotRef(intentId: number): string {
  return `${SNAPSHOT_REFS}${intentId}`;
}

function snapshotSubject(intentId: number): string {
  return `snapshot before intent #${intentId}`;
}

/**
 * Records the working tree described by `status` (a `--porcelain=v2 -uall` read taken just now)
 * as the snapshot of `intentId`. The commit's tree is the working tree; its first parent is HEAD;
 * a second parent, when anything was staged, holds the index as a commit (as `git stash` does).
 * A clean tree is HEAD's: the ref then points at HEAD's own commit (no object, no git process).
 * Returns undefined when there is nothing to record (no commit and no files).
 * A retried intent keeps its id: its first attempt's snapshot stays (a restore goes back to before
 * the intent as the user first asked for it), and nothing is written.
 */
export async function takeSnapshot(
  repoPath: string,
  key: SnapshotKey,
  status: PorcelainStatus,
  limits: SnapshotLimits,
): Promise<TakenSnapshot | undefined> {
  const head = status.oid;
  const clean = status.dirty === 0;
  if (clean && !head) return undefined;
  const { intentId } = key;
  const ref = snapshotRef(key);
  // Null: no such ref, said by the files alone; a git process only when they cannot tell.
  let earlier = readRefFile(repoPath, ref);
  if (earlier === undefined) {
    earlier = await runGit(repoPath, ['rev-parse', '-q', '--verify', ref]).then(
      (oid) => oid.trim() || null,
      () => null,
    );
  }
  if (earlier) return { ref, commit: earlier, kept: true };
  if (clean && head) {
    if (!writeLooseRef(repoPath, ref, head)) await runGit(repoPath, ['update-ref', ref, head]);
    return { ref, commit: head };
  }
  const built = await withTempIndex(repoPath, async (env) => {
    // The index as the user left it; unmerged entries (a conflict) have no tree.
    let indexCommit: string | undefined;
    if (status.staged > 0 && status.conflicted === 0) {
      const indexTree = (await runGit(repoPath, ['write-tree'], { env })).trim();
      indexCommit = await commitTree(
        repoPath,
        indexTree,
        head ? [head] : [],
        `index before intent #${intentId}`,
      );
    }
    // Only the paths the status named: no second scan of the whole tree. Untracked ones past the
    // size limit stay out; a nested repository (`dir/`) is its own project.
    const untracked = new Set(status.untrackedPaths);
    const files = status.untrackedPaths.filter((rel) => !rel.endsWith('/'));
    const { included, left, leftPaths } = withinLimit(repoPath, files, limits.maxUntrackedBytes);
    const paths = [...status.paths.filter((rel) => !untracked.has(rel)), ...included].filter(
      (rel) => rel && !rel.endsWith('/'),
    );
    if (paths.length > 0) {
      await runGit(repoPath, ['update-index', '--add', '--remove', '-z', '--stdin'], {
        env,
        input: `${paths.join('\0')}\0`,
      });
    }
    const workTree = (await runGit(repoPath, ['write-tree'], { env })).trim();
    const leftLine =
      left.count > 0
        ? `${left.count} untracked ${left.count === 1 ? 'file' : 'files'} (${megabytes(left.bytes)}) over the ${megabytes(limits.maxUntrackedBytes)} snapshot limit`
        : undefined;
    return { workTree, indexCommit, leftLine, leftPaths };
  });
  const { workTree: tree, indexCommit: stagedParent, leftLine: skipped, leftPaths } = built;
  const parents = [...(head ? [head] : []), ...(stagedParent ? [stagedParent] : [])];
  // The left-out paths by name (one JSON string a line), so a restore never deletes them as new.
  const leftOut = skipped
    ? `\n\nleft out: ${skipped}\n${leftPaths.map((rel) => JSON.stringify(rel)).join('\n')}`
    : '';
  const message = `${snapshotSubject(intentId)}${leftOut}`;
  const commit = await commitTree(repoPath, tree, parents, message);
  if (!writeLooseRef(repoPath, ref, commit)) await runGit(repoPath, ['update-ref', ref, commit]);
  return { ref, commit, ...(skipped ? { skipped } : {}) };
}

async function commitTree(
  repoPath: string,
  tree: string,
  parents: string[],
  message: string,
): Promise<string> {
  const args = [
    'commit-tree',
    '--no-gpg-sign',
    ...parents.flatMap((parent) => ['-p', parent]),
    '-m',
    message,
    tree,
  ];
  return (await runGit(repoPath, args, { env: IDENTITY })).trim();
}

/** Untracked files in path order until the byte limit; the rest is counted, never read. */
function withinLimit(repoPath: string, paths: readonly string[], maxBytes: number) {
  const included: string[] = [];
  const leftPaths: string[] = [];
  const left = { count: 0, bytes: 0 };
  let used = 0;
  for (const rel of [...paths].sort()) {
    let size = 0;
    try {
      size = fs.lstatSync(`${repoPath}/${rel}`).size;
    } catch {
      continue; // gone since the status was read
    }
    if (left.count === 0 && used + size <= maxBytes) {
      used += size;
      included.push(rel);
    } else {
      left.count++;
      left.bytes += size;
      leftPaths.push(rel);
    }
  }
  return { included, left, leftPaths };
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

export interface SnapshotInfo {
  intentId: number;
  commit: string;
  /** The working tree before the intent. */
  tree: string;
  /** HEAD when the snapshot was taken; null before the first commit. */
  base: string | null;
  /** The index before the intent, when something was staged. */
  stagedCommit: string | null;
  /** Epoch ms. */
  createdAt: number;
  /** Untracked files that were there but over the size limit: not in `tree`, yet no new file. */
  leftOut: string[];
}

/** The snapshot of an intent, or undefined when there is none (pruned, or never taken). */
export async function readSnapshot(repoPath: string, key: SnapshotKey): Promise<SnapshotInfo | undefined> {
  const { intentId } = key;
  const ref = snapshotRef(key);
  const text = await runGit(repoPath, ['cat-file', 'commit', ref]).catch(() => undefined);
  if (text === undefined) return undefined;
  const blank = text.indexOf('\n\n');
  const header = text.slice(0, blank < 0 ? text.length : blank).split('\n');
  const body = blank < 0 ? '' : text.slice(blank + 2);
  const field = (name: string) =>
    header.filter((line) => line.startsWith(`${name} `)).map((line) => line.slice(name.length + 1));
  const parents = field('parent');
  const committer = field('committer')[0] ?? '';
  const seconds = Number(/ (\d+) [+-]\d{4}$/.exec(committer)?.[1] ?? 0);
  const commit = (await runGit(repoPath, ['rev-parse', '--verify', `${ref}^{commit}`])).trim();
  const tree = field('tree')[0] ?? '';
  // Not ours: the tree was clean, and the ref points at HEAD's own commit (whoever made it: a user
  // committing as "Shipyard" does not make HEAD a snapshot, its subject would have to say so too).
  const ours =
    committer.startsWith(`${IDENTITY.GIT_COMMITTER_NAME} <${IDENTITY.GIT_COMMITTER_EMAIL}>`) &&
    (body === snapshotSubject(intentId) || body.startsWith(`${snapshotSubject(intentId)}\n`));
  if (!ours) {
    return {
      intentId,
      commit,
      tree,
      base: commit,
      stagedCommit: null,
      createdAt: seconds * 1000,
      leftOut: [],
    };
  }
  return {
    intentId,
    commit,
    tree,
    base: parents[0] ?? null,
    stagedCommit: parents[1] ?? null,
    createdAt: seconds * 1000,
    leftOut: leftOutPaths(body),
  };
}

function leftOutPaths(body: string): string[] {
  const paths: string[] = [];
  for (const line of body.split('\n')) {
    if (!line.startsWith('"')) continue;
    try {
      paths.push(String(JSON.parse(line)));
    } catch {
      // not one of ours
    }
  }
  return paths;
}

export interface PruneRule {
  /** Snapshots older than this many days go. */
  keepDays: number;
  /** Only the newest this many stay. */
  keepCount: number;
}

/**
 * Deletes snapshot refs beyond the count or the age; returns how many went. Objects go with git's gc.
 * Each state database's refs (and the old unnamed ones) are counted apart: one that is gone (deleted,
 * or a host's that never comes back) is still held to the same rule by whoever prunes next.
 */
export async function pruneSnapshots(repoPath: string, rule: PruneRule, now = Date.now()): Promise<number> {
  const listing = await runGit(repoPath, [
    'for-each-ref',
    '--format=%(refname)%00%(committerdate:unix)%00%(committeremail)',
    SNAPSHOT_REFS,
  ]);
  const oldest = now - rule.keepDays * 86_400_000;
  const byOwner = new Map<string, { ref: string; id: number; at: number }[]>();
  for (const line of listing.split('\n').filter(Boolean)) {
    const [ref, seconds, email] = line.split('\0') as [string, string, string];
    const name = ref.slice(SNAPSHOT_REFS.length);
    const slash = name.lastIndexOf('/');
    const owner = slash < 0 ? '' : name.slice(0, slash);
    const id = Number(name.slice(slash + 1));
    if (!Number.isSafeInteger(id)) continue; // not a name Shipyard gives
    // A clean tree's snapshot is HEAD's own commit, whose date says nothing of the snapshot: by count only.
    const at = email === `<${IDENTITY.GIT_COMMITTER_EMAIL}>` ? Number(seconds) * 1000 : now;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), { ref, id, at }]);
  }
  // Newest first by intent id: ids only grow within a database, while dates tie within a second.
  const doomed = [...byOwner.values()].flatMap((snapshots) =>
    snapshots
      .sort((a, b) => b.id - a.id)
      .filter((snapshot, index) => index >= rule.keepCount || snapshot.at < oldest)
      .map(({ ref }) => ref),
  );
  if (doomed.length === 0) return 0;
  await runGit(repoPath, ['update-ref', '--stdin'], {
    input: doomed.map((ref) => `delete ${ref}\n`).join(''),
  });
  return doomed.length;
}
