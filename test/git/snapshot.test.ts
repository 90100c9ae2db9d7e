import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePorcelainV2 } from '../../src/git/porcelain.js';
import { applyRestore, planRestore } from '../../src/git/restore.js';
import { pruneSnapshots, readSnapshot, snapshotRef, takeSnapshot } from '../../src/git/snapshot.js';
import { createRepo, git, removeTempDirs, type TempRepo } from '../support/git-repos.js';

afterEach(removeTempDirs);

const LIMITS = { maxUntrackedBytes: 50 * 1024 * 1024 };
/** This test's state database (any id: the refs are named with it). */
const key = (intentId: number) => ({ stateId: '0123456789abcdef', intentId });

function status(repo: TempRepo) {
  return parsePorcelainV2(repo.git('status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all'));
}

function snapshot(repo: TempRepo, intentId: number, limits = LIMITS) {
  return takeSnapshot(repo.path, key(intentId), status(repo), limits);
}

function read(repo: TempRepo, file: string): Buffer {
  return fs.readFileSync(path.join(repo.path, file));
}

/** A repository with the user's work in every state: modified, staged (then edited again), deleted, untracked, binary. */
function repoWithUserWork(): TempRepo {
  const repo = createRepo();
  repo.commit('files', {
    files: { 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n', 'gone.ts': 'gone\n', 'keep.ts': 'keep\n' },
  });
  repo.write('a.ts', 'user edit\n');
  repo.write('b.ts', 'staged\n');
  repo.git('add', 'b.ts');
  repo.write('b.ts', 'staged\nthen edited\n');
  repo.write('c.ts', 'staged whole\n');
  repo.git('add', 'c.ts');
  fs.rmSync(path.join(repo.path, 'gone.ts'));
  repo.write('notes/todo.txt', 'untracked\n');
  fs.writeFileSync(path.join(repo.path, 'blob.bin'), Buffer.from([0, 255, 10, 13, 0, 128]));
  fs.writeFileSync(path.join(repo.path, '.gitignore'), 'build/\n');
  repo.write('build/out.js', 'ignored\n');
  return repo;
}

describe('snapshots', () => {
  it('brings back every byte of modified, staged, deleted and untracked files after reset --hard && clean -fdx', async () => {
    const repo = repoWithUserWork();
    const before = repo.git('status', '--porcelain');
    const stagedDiff = repo.git('diff', '--cached');
    const indexBytes = fs.readFileSync(path.join(repo.path, '.git', 'index'));
    const headBefore = repo.git('rev-parse', 'HEAD');
    const taken = await snapshot(repo, 7);
    expect(taken?.ref).toBe('refs/shipyard/snapshots/0123456789abcdef/7');
    // The user's index, HEAD and branches are untouched; the snapshot is on no branch.
    expect(fs.readFileSync(path.join(repo.path, '.git', 'index')).equals(indexBytes)).toBe(true);
    expect(repo.git('rev-parse', 'HEAD')).toBe(headBefore);
    expect(repo.git('status', '--porcelain')).toBe(before);
    expect(repo.git('branch', '--contains', taken!.commit)).toBe('');

    // What an agent's command might do.
    repo.git('reset', '--hard');
    repo.git('clean', '-fdx');
    expect(fs.existsSync(path.join(repo.path, 'notes/todo.txt'))).toBe(false);

    const plan = await planRestore(repo.path, key(7));
    expect(plan.changes.map((change) => [change.path, change.action, change.staged !== undefined])).toEqual([
      ['.gitignore', 'write', false],
      ['a.ts', 'write', false],
      ['b.ts', 'write', true],
      ['blob.bin', 'write', false],
      ['c.ts', 'write', true],
      ['gone.ts', 'delete', false],
      ['notes/todo.txt', 'write', false],
    ]);
    await applyRestore(repo.path, plan);
    expect(read(repo, 'a.ts').toString()).toBe('user edit\n');
    expect(read(repo, 'b.ts').toString()).toBe('staged\nthen edited\n');
    expect(read(repo, 'c.ts').toString()).toBe('staged whole\n');
    expect(read(repo, 'notes/todo.txt').toString()).toBe('untracked\n');
    expect(read(repo, 'blob.bin').equals(Buffer.from([0, 255, 10, 13, 0, 128]))).toBe(true);
    expect(fs.existsSync(path.join(repo.path, 'gone.ts'))).toBe(false);
    // Ignored files were never the snapshot's to keep.
    expect(fs.existsSync(path.join(repo.path, 'build/out.js'))).toBe(false);
    // Staged state included: status and the staged diff are what they were.
    expect(repo.git('status', '--porcelain')).toBe(before);
    expect(repo.git('diff', '--cached')).toBe(stagedDiff);
    // A second plan has nothing left to do.
    expect((await planRestore(repo.path, key(7))).changes).toEqual([]);
  });

  it('costs no object when nothing changed, and reuses the stored content when the same work is snapshotted again', async () => {
    const repo = createRepo();
    repo.commit('files', { files: { 'a.ts': 'a\n' } });
    const objects = () => repo.git('count-objects', '-v').match(/^count: (\d+)/m)![1];
    const count = Number(objects());
    const clean = await snapshot(repo, 1);
    expect(Number(objects())).toBe(count); // the ref points at HEAD's own commit
    expect(clean!.commit).toBe(repo.git('rev-parse', 'HEAD'));
    repo.write('a.ts', 'lost\n');
    await applyRestore(repo.path, await planRestore(repo.path, key(1)));
    expect(read(repo, 'a.ts').toString()).toBe('a\n');

    repo.write('a.ts', 'edit\n');
    await snapshot(repo, 2);
    const afterFirst = Number(objects());
    await snapshot(repo, 3);
    expect(Number(objects())).toBe(afterFirst + 1); // the commit; blob and tree are shared
    expect(repo.git('rev-parse', `${snapshotRef(key(2))}^{tree}`)).toBe(
      repo.git('rev-parse', `${snapshotRef(key(3))}^{tree}`),
    );
  });

  it('leaves untracked files over the size limit out, and says so', async () => {
    const repo = createRepo();
    repo.write('a-small.txt', 'x'.repeat(100));
    repo.write('b-big.txt', 'y'.repeat(5000));
    repo.write('c-after.txt', 'z');
    const taken = await snapshot(repo, 4, { maxUntrackedBytes: 1000 });
    expect(taken?.skipped).toBe('2 untracked files (0.0 MB) over the 0.0 MB snapshot limit');
    const files = repo.git('ls-tree', '-r', '--name-only', snapshotRef(key(4))).split('\n');
    expect(files).toEqual(['README.md', 'a-small.txt']);
  });

  it('restores one file and leaves the others and the commits made since alone', async () => {
    const repo = createRepo();
    repo.commit('files', { files: { 'a.ts': 'a\n', 'b.ts': 'b\n' } });
    repo.write('a.ts', 'user a\n');
    repo.write('b.ts', 'user b\n');
    await snapshot(repo, 5);
    repo.git('checkout', '--', 'a.ts', 'b.ts');
    repo.commit('later', { files: { 'c.ts': 'later\n' } });
    const head = repo.git('rev-parse', 'HEAD');

    const plan = await planRestore(repo.path, key(5), ['a.ts', 'nope.ts']);
    expect(plan.changes.map((change) => change.path)).toEqual(['a.ts']);
    expect(plan.unknown).toEqual(['nope.ts']);
    await applyRestore(repo.path, plan);
    expect(read(repo, 'a.ts').toString()).toBe('user a\n');
    expect(read(repo, 'b.ts').toString()).toBe('b\n');
    expect(read(repo, 'c.ts').toString()).toBe('later\n'); // not asked for: kept
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain')).toBe(' M a.ts');
    await expect(planRestore(repo.path, key(5), ['../etc/passwd'])).rejects.toThrow(
      'not a path inside the project',
    );
    await expect(planRestore(repo.path, key(99))).rejects.toThrow('no snapshot of intent #99');
  });

  it('prunes beyond the count and the age, newest intents kept; a clean snapshot by count only', async () => {
    const repo = createRepo();
    for (const id of [1, 2]) await snapshot(repo, id);
    repo.write('work.txt', 'in progress\n');
    for (const id of [3, 4]) await snapshot(repo, id);
    expect(await pruneSnapshots(repo.path, { keepDays: 30, keepCount: 2 })).toBe(2);
    const refs = () =>
      repo.git('for-each-ref', '--format=%(refname)', 'refs/shipyard/snapshots/').split('\n');
    expect(refs().sort()).toEqual([snapshotRef(key(3)), snapshotRef(key(4))]);
    expect(await readSnapshot(repo.path, key(1))).toBeUndefined();
    // A week later with a one-day limit, the snapshots of the changed tree go; a clean one stays.
    fs.rmSync(path.join(repo.path, 'work.txt'));
    await snapshot(repo, 5);
    const weekLater = Date.now() + 7 * 86_400_000;
    expect(await pruneSnapshots(repo.path, { keepDays: 1, keepCount: 10 }, weekLater)).toBe(2);
    expect(refs()).toEqual([snapshotRef(key(5))]);
  });

  it("prunes each state database's snapshots (and the old unnamed ones) by the rule apart", async () => {
    const repo = createRepo();
    repo.write('work.txt', 'in progress\n');
    const other = (intentId: number) => ({ stateId: 'fedcba9876543210', intentId });
    for (const id of [1, 2, 3]) {
      await snapshot(repo, id);
      await takeSnapshot(repo.path, other(id), status(repo), LIMITS);
      // As Shipyard before per-database names wrote them.
      repo.git('update-ref', `refs/shipyard/snapshots/${id}`, snapshotRef(key(id)));
    }
    expect(await pruneSnapshots(repo.path, { keepDays: 30, keepCount: 2 })).toBe(3);
    const refs = repo.git('for-each-ref', '--format=%(refname)', 'refs/shipyard/snapshots/').split('\n');
    expect(refs.sort()).toEqual(
      [
        snapshotRef(key(2)),
        snapshotRef(key(3)),
        snapshotRef(other(2)),
        snapshotRef(other(3)),
        'refs/shipyard/snapshots/2',
        'refs/shipyard/snapshots/3',
      ].sort(),
    );
  });

  it("keeps an intent's first snapshot when it runs again (a retry), loose or packed", async () => {
    const repo = createRepo();
    repo.write('work.txt', 'before the first attempt\n');
    const first = await snapshot(repo, 9);
    repo.write('work.txt', 'the first attempt wrote this\n');
    expect(await snapshot(repo, 9)).toEqual({ ref: snapshotRef(key(9)), commit: first!.commit, kept: true });
    repo.git('pack-refs', '--all');
    expect(fs.existsSync(path.join(repo.path, '.git', snapshotRef(key(9))))).toBe(false);
    expect((await snapshot(repo, 9))?.commit).toBe(first!.commit);
    await applyRestore(repo.path, await planRestore(repo.path, key(9)));
    expect(read(repo, 'work.txt').toString()).toBe('before the first attempt\n');
  });

  it('snapshots a repository with no commits yet, and skips an empty one', async () => {
    const repo = createRepo({ commits: [] });
    expect(await snapshot(repo, 1)).toBeUndefined();
    repo.write('first.txt', 'first\n');
    const taken = await snapshot(repo, 2);
    fs.rmSync(path.join(repo.path, 'first.txt'));
    await applyRestore(repo.path, await planRestore(repo.path, key(2)));
    expect(read(repo, 'first.txt').toString()).toBe('first\n');
    expect((await readSnapshot(repo.path, key(2)))?.commit).toBe(taken?.commit);
  });

  it('deletes the files git tracks only since the snapshot, committed or staged; keeps untracked and left-out ones', async () => {
    const repo = createRepo();
    repo.write('big.log', 'x'.repeat(5000));
    await snapshot(repo, 6, { maxUntrackedBytes: 1000 });
    expect((await readSnapshot(repo.path, key(6)))?.leftOut).toEqual(['big.log']);
    repo.commit('since', { files: { 'committed.ts': 'new\n', 'README.md': 'edited\n' } });
    repo.write('staged.ts', 'staged\n');
    repo.git('add', 'staged.ts');
    repo.write('untracked.txt', 'mine\n');
    // The file the snapshot left out (it was there) and the untracked one (maybe the user's) stay.
    const plan = await planRestore(repo.path, key(6));
    expect(plan.changes.map((change) => [change.path, change.action])).toEqual([
      ['README.md', 'write'],
      ['committed.ts', 'delete'],
      ['staged.ts', 'delete'],
    ]);
    await applyRestore(repo.path, plan);
    expect(fs.existsSync(path.join(repo.path, 'committed.ts'))).toBe(false);
    expect(fs.existsSync(path.join(repo.path, 'staged.ts'))).toBe(false);
    expect(read(repo, 'untracked.txt').toString()).toBe('mine\n');
    expect(read(repo, 'big.log').toString()).toBe('x'.repeat(5000));
    expect(read(repo, 'README.md').toString()).toMatch(/^# test repo/);
    expect((await planRestore(repo.path, key(6))).changes).toEqual([]);
    // One new file by name: known, and deleted alone.
    repo.git('checkout', '--', 'committed.ts');
    const one = await planRestore(repo.path, key(6), ['committed.ts']);
    expect([one.unknown, one.changes.map((change) => [change.path, change.action])]).toEqual([
      [],
      [['committed.ts', 'delete']],
    ]);
  });

  it("reads a clean tree's snapshot as HEAD's commit even when the user commits as Shipyard", async () => {
    const repo = createRepo();
    repo.commit('files', { files: { 'old.ts': 'old\n' } });
    // HEAD deletes old.ts, committed under Shipyard's own name: still the user's commit, no snapshot.
    fs.rmSync(path.join(repo.path, 'old.ts'));
    repo.git('add', '-A');
    const asShipyard = { GIT_COMMITTER_NAME: 'Shipyard', GIT_COMMITTER_EMAIL: 'shipyard@localhost' };
    git(repo.path, ['commit', '-q', '-m', 'drop old.ts'], asShipyard);
    await snapshot(repo, 8);
    const head = repo.git('rev-parse', 'HEAD');
    expect(await readSnapshot(repo.path, key(8))).toMatchObject({
      commit: head,
      base: head,
      stagedCommit: null,
    });
    repo.write('README.md', 'agent edit\n');
    repo.write('old.ts', 'my new old.ts, untracked\n');
    const plan = await planRestore(repo.path, key(8));
    expect(plan.changes.map((change) => [change.path, change.action])).toEqual([['README.md', 'write']]);
    await applyRestore(repo.path, plan);
    expect(read(repo, 'README.md').toString()).toMatch(/^# test repo/);
    expect(read(repo, 'old.ts').toString()).toBe('my new old.ts, untracked\n');
  });
});
