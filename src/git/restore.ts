// Brings files back as a snapshot holds them (see snapshot.ts): their content, their absence when
// the user had deleted them or when git tracks them only since (an intent's new files, committed or
// staged), and what the user had staged. Commits made since are never touched; untracked files
// that came into being after the snapshot are left alone (they may be the user's).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { runGit } from './run.js';
import { legacySnapshotRef, readSnapshot, type SnapshotInfo, type SnapshotKey } from './snapshot.js';
import { withTempIndex } from './temp-index.js';

export interface RestoreChange {
  path: string;
  /** `write`: content (or mode) differs or the file is gone; `delete`: it did not exist before the intent. */
  action: 'write' | 'delete' | 'none';
  /** The user had staged this file; its index entry goes back too. */
  staged?: { mode: string; oid: string } | 'removed';
}

export interface RestorePlan {
  snapshot: SnapshotInfo;
  changes: RestoreChange[];
  /** Requested with --files but not in the snapshot nor tracked then: nothing to bring back. */
  unknown: string[];
  /** What the planned files hold now (content hashes, index entries), to tell a plan gone stale. */
  current: string;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const CHUNK = 200;

/**
 * What restoring the snapshot of intent `key` would change, file by file (all files, or `files`).
 * Only that intent's own snapshot, of its own state database: never another's of the same number.
 */
export async function planRestore(
  repoPath: string,
  key: SnapshotKey,
  files?: string[],
): Promise<RestorePlan> {
  const intentId = key.intentId;
  const snapshot = await readSnapshot(repoPath, key);
  if (!snapshot) {
    const legacy = legacySnapshotRef(intentId);
    const old = await runGit(repoPath, ['rev-parse', '-q', '--verify', `${legacy}^{commit}`]).catch(() => '');
    throw new UserError(
      old
        ? `no snapshot of intent #${intentId} in ${repoPath}: ${legacy} is from an older Shipyard and may be another state database's #${intentId}, so it is not used (git show ${legacy})`
        : `no snapshot of intent #${intentId} in ${repoPath} (pruned, or never taken)`,
    );
  }
  const wanted = files?.map(normalise);
  const pathspec = wanted ? ['--', ...wanted] : [];
  const baseTree = snapshot.base ? `${snapshot.base}^{tree}` : EMPTY_TREE;
  const byPath = new Map<string, RestoreChange>();
  const change = (rel: string) => {
    const entry = byPath.get(rel) ?? { path: rel, action: 'none' };
    byPath.set(rel, entry);
    return entry;
  };

  await withTempIndex(repoPath, async (env) => {
    // The snapshot's tree as an index, with the stat data of the user's index where it matches,
    // so comparing it with the work tree hashes only what changed.
    await runGit(repoPath, ['read-tree', '-m', snapshot.tree], { env }).catch(() =>
      runGit(repoPath, ['read-tree', snapshot.tree], { env }),
    );
    await runGit(repoPath, ['update-index', '-q', '--refresh'], { env }).catch(() => '');
    const differing = await runGit(repoPath, ['diff-files', '-z', '--name-only', ...pathspec], { env });
    for (const rel of differing.split('\0').filter(Boolean)) change(rel).action = 'write';
  });
  // Tracked then, deleted by the user before the intent, present now: delete again.
  const deleted = await runGit(repoPath, [
    'diff-tree',
    '-r',
    '-z',
    '--name-only',
    '--no-renames',
    '--diff-filter=D',
    baseTree,
    snapshot.tree,
    ...pathspec,
  ]);
  for (const rel of deleted.split('\0').filter(Boolean)) {
    if (fs.existsSync(path.join(repoPath, rel))) change(rel).action = 'delete';
  }
  for (const rel of await trackedSince(repoPath, snapshot, pathspec)) change(rel).action = 'delete';
  if (snapshot.stagedCommit) await planStaged(repoPath, snapshot, baseTree, pathspec, change);

  const changes = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const known = wanted ? await knownPaths(repoPath, snapshot, baseTree, wanted, changes) : new Set<string>();
  return {
    snapshot,
    changes,
    unknown: (wanted ?? []).filter((rel) => !known.has(rel)),
    current: await currentState(repoPath, changes),
  };
}

/**
 * Whether applying `shown` would do what planning afresh says now: the same snapshot, the same
 * changes, and the planned files still hold what they held when it was shown (a file edited again
 * since is still "restore a.ts", yet the edit would be lost unseen).
 */
export function samePlan(shown: RestorePlan, fresh: RestorePlan): boolean {
  return (
    shown.snapshot.commit === fresh.snapshot.commit &&
    shown.current === fresh.current &&
    JSON.stringify(shown.changes) === JSON.stringify(fresh.changes)
  );
}

/** Each planned file's content hash (or link target, or absence) and the index entries, as one string. */
async function currentState(repoPath: string, changes: readonly RestoreChange[]): Promise<string> {
  if (changes.length === 0) return '';
  const files = changes.map(({ path: rel }) => {
    const file = path.join(repoPath, rel);
    try {
      const stats = fs.lstatSync(file);
      if (stats.isSymbolicLink()) return `${rel}\0link ${fs.readlinkSync(file)}`;
      if (!stats.isFile()) return `${rel}\0${stats.isDirectory() ? 'folder' : 'other'}`;
      const hash = createHash('sha1').update(fs.readFileSync(file)).digest('hex');
      return `${rel}\0${(stats.mode & 0o111) !== 0 ? 'x' : '-'} ${hash}`;
    } catch {
      return `${rel}\0absent`;
    }
  });
  const paths = changes.map((change) => change.path);
  let index = '';
  for (let i = 0; i < paths.length; i += CHUNK) {
    const chunk = paths.slice(i, i + CHUNK).map((rel) => `:(literal)${rel}`);
    index += await runGit(repoPath, ['ls-files', '-s', '-z', '--', ...chunk]);
  }
  return `${files.join('\n')}\n${index}`;
}

/**
 * Files git tracks now (in the index: committed or staged since) that the snapshot did not hold and
 * that are on disk: they came into being after it. A file the snapshot left out (over the size
 * limit) was there before; a submodule is its own project.
 */
async function trackedSince(repoPath: string, snapshot: SnapshotInfo, pathspec: string[]): Promise<string[]> {
  const raw = await runGit(repoPath, [
    'diff-index',
    '--cached',
    '-z',
    '--no-renames',
    '--diff-filter=A',
    snapshot.tree,
    ...pathspec,
  ]);
  const leftOut = new Set(snapshot.leftOut);
  const fields = raw.split('\0');
  const added: string[] = [];
  // `:<mode a> <mode b> <oid a> <oid b> A\0<path>\0`
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const modeB = fields[i]!.split(' ')[1];
    const rel = fields[i + 1]!;
    if (modeB === '160000' || leftOut.has(rel)) continue;
    if (onDisk(repoPath, rel)) added.push(rel);
  }
  return added;
}

function onDisk(repoPath: string, rel: string): boolean {
  try {
    return fs.lstatSync(path.join(repoPath, rel), { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false; // a parent is a file now
  }
}

/** Files the user had staged whose index entry differs from that now. */
async function planStaged(
  repoPath: string,
  snapshot: SnapshotInfo,
  baseTree: string,
  pathspec: string[],
  change: (rel: string) => RestoreChange,
): Promise<void> {
  const stagedTree = `${snapshot.stagedCommit}^{tree}`;
  const raw = await runGit(repoPath, [
    'diff-tree',
    '-r',
    '-z',
    '--no-renames',
    baseTree,
    stagedTree,
    ...pathspec,
  ]);
  // `:<mode a> <mode b> <oid a> <oid b> <status>\0<path>\0`
  const fields = raw.split('\0');
  const staged = new Map<string, { mode: string; oid: string } | 'removed'>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, , modeB, , oidB, status] = fields[i]!.split(/[: ]/);
    staged.set(fields[i + 1]!, status === 'D' ? 'removed' : { mode: modeB!, oid: oidB! });
  }
  if (staged.size === 0) return;
  const now = await runGit(repoPath, ['ls-files', '-s', '-z', '--', ...staged.keys()]);
  const current = new Map<string, string>();
  for (const line of now.split('\0').filter(Boolean)) {
    const [meta, rel] = [line.slice(0, line.indexOf('\t')), line.slice(line.indexOf('\t') + 1)];
    const [mode, oid] = meta.split(' ');
    current.set(rel, `${mode} ${oid}`);
  }
  for (const [rel, entry] of staged) {
    const wantedEntry = entry === 'removed' ? undefined : `${entry.mode} ${entry.oid}`;
    if (current.get(rel) !== wantedEntry) change(rel).staged = entry;
  }
}

async function knownPaths(
  repoPath: string,
  snapshot: SnapshotInfo,
  baseTree: string,
  wanted: string[],
  changes: RestoreChange[],
): Promise<Set<string>> {
  // A file new since the snapshot is known by the change that deletes it.
  const known = new Set<string>(changes.map((change) => change.path));
  for (const tree of [snapshot.tree, baseTree]) {
    const listed = await runGit(repoPath, ['ls-tree', '-r', '-z', '--name-only', tree, '--', ...wanted]);
    for (const rel of listed.split('\0').filter(Boolean)) known.add(rel);
  }
  return new Set(
    wanted.filter((rel) => [...known].some((path) => path === rel || path.startsWith(`${rel}/`))),
  );
}

/** Applies a plan: writes files from the snapshot, deletes the ones it did not hold, restages. */
export async function applyRestore(repoPath: string, plan: RestorePlan): Promise<void> {
  const writes = plan.changes.filter((change) => change.action === 'write').map((change) => change.path);
  if (writes.length > 0) {
    await withTempIndex(
      repoPath,
      async (env) => {
        await runGit(repoPath, ['read-tree', plan.snapshot.tree], { env });
        // checkout-index honours modes, symlinks and the repository's filters (eol, smudge).
        for (let i = 0; i < writes.length; i += CHUNK) {
          await runGit(repoPath, ['checkout-index', '-f', '--', ...writes.slice(i, i + CHUNK)], { env });
        }
      },
      { empty: true },
    );
  }
  for (const change of plan.changes) {
    if (change.action === 'delete') fs.rmSync(path.join(repoPath, change.path), { force: true });
  }
  // The user's own index: only the entries they had staged, as they were.
  for (const change of plan.changes) {
    if (change.staged === undefined) continue;
    if (change.staged === 'removed') {
      await runGit(repoPath, ['update-index', '--force-remove', '--', change.path]);
    } else {
      const { mode, oid } = change.staged;
      await runGit(repoPath, ['update-index', '--add', '--cacheinfo', `${mode},${oid},${change.path}`]);
    }
  }
}

function normalise(file: string): string {
  const rel = path.posix.normalize(file.replaceAll('\\', '/')).replace(/^\.\/|\/$/g, '');
  if (rel === '' || rel === '.' || rel.startsWith('../') || path.isAbsolute(rel)) {
    throw new UserError(`not a path inside the project: ${file}`);
  }
  return rel;
}
