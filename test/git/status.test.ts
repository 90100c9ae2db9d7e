import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { gitLimitStats, MAX_GIT_PROCESSES, withGitLimit } from '../../src/git/limit.js';
import { parsePorcelainV2 } from '../../src/git/porcelain.js';
import { readGitStatus } from '../../src/git/status.js';
import { createRepo, createRepoWithUpstream, makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(removeTempDirs);

describe('readGitStatus', () => {
  it('reads a clean repository with its last commit', async () => {
    const repo = createRepo({ commits: [] });
    const hash = repo.commit('add the readme', {
      files: { 'README.md': 'hi\n' },
      date: '2024-05-06T07:08:09+02:00',
    });
    const status = await readGitStatus(repo.path);
    expect(status).toEqual({
      branch: 'main',
      head: hash,
      upstream: null,
      ahead: 0,
      behind: 0,
      staged: 0,
      modified: 0,
      untracked: 0,
      conflicted: 0,
      dirty: 0,
      lastCommit: { subject: 'add the readme', date: '2024-05-06T07:08:09+02:00', hash },
      operation: null,
    });
  });

  it('names an unfinished cherry-pick, revert, bisect and merge, and none once each is over', async () => {
    const repo = createRepo();
    repo.commit('base', { files: { 'f.txt': 'base\n' } });
    repo.git('checkout', '-q', '-b', 'topic');
    repo.commit('topic', { files: { 'f.txt': 'topic\n' } });
    repo.git('checkout', '-q', 'main');
    repo.commit('main', { files: { 'f.txt': 'main\n' } });
    const stops = (...args: string[]) => expect(() => repo.git(...args)).toThrow();
    const operation = async () => (await readGitStatus(repo.path)).operation;
    stops('cherry-pick', 'topic');
    expect(await operation()).toBe('cherry-pick');
    repo.git('cherry-pick', '--abort');
    stops('revert', '--no-edit', 'HEAD~1');
    expect(await operation()).toBe('revert');
    repo.git('revert', '--abort');
    repo.git('bisect', 'start');
    expect(await operation()).toBe('bisect');
    repo.git('bisect', 'reset');
    stops('merge', 'topic');
    const merging = await readGitStatus(repo.path);
    expect(merging).toMatchObject({ operation: 'merge', conflicted: 1, dirty: 1 });
    repo.git('merge', '--abort');
    expect(await operation()).toBeNull();
  });

  it('counts staged, modified and untracked files, each file once in dirty', async () => {
    const repo = createRepo();
    repo.commit('files', { files: { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' } });
    repo.write('a.txt', 'a staged\n');
    repo.git('add', 'a.txt');
    repo.write('b.txt', 'b staged\n');
    repo.git('add', 'b.txt');
    repo.write('b.txt', 'b staged, then modified again\n'); // staged and modified: one dirty file
    repo.write('c.txt', 'c modified\n');
    repo.write('new file.txt', 'untracked, with a space\n');
    repo.git('mv', 'README.md', 'READ ME.md'); // a staged rename is one file
    const status = await readGitStatus(repo.path);
    expect(status).toMatchObject({ staged: 3, modified: 2, untracked: 1, conflicted: 0, dirty: 5 });
  });

  it('counts an untracked folder once (untracked-files=normal) and skips ignored files', async () => {
    const repo = createRepo();
    repo.commit('ignore', { files: { '.gitignore': 'build/\n*.log\n' } });
    repo.write('fresh/one.txt', '1');
    repo.write('fresh/deep/two.txt', '2');
    repo.write('build/out.js', 'x');
    repo.write('debug.log', 'x');
    const status = await readGitStatus(repo.path);
    expect(status).toMatchObject({ untracked: 1, dirty: 1, staged: 0, modified: 0 });
  });

  it('counts merge conflicts', async () => {
    const repo = createRepo();
    repo.commit('base', { files: { 'x.txt': 'base\n' } });
    repo.git('checkout', '-q', '-b', 'side');
    repo.commit('side', { files: { 'x.txt': 'side\n' } });
    repo.git('checkout', '-q', 'main');
    repo.commit('main', { files: { 'x.txt': 'main\n' } });
    expect(() => repo.git('merge', '-q', 'side')).toThrow();
    const status = await readGitStatus(repo.path);
    expect(status).toMatchObject({ branch: 'main', conflicted: 1, staged: 0, modified: 0, dirty: 1 });
  });

  it('reports a repository with no commits yet', async () => {
    const repo = createRepo({ commits: [], branch: 'trunk' });
    repo.write('draft.txt', 'x');
    const status = await readGitStatus(repo.path);
    expect(status).toMatchObject({ branch: 'trunk', head: null, lastCommit: null, untracked: 1, dirty: 1 });
  });

  it('reports a detached HEAD as branch null, with the head hash', async () => {
    const repo = createRepo({ commits: ['one', 'two'] });
    const hash = repo.git('rev-parse', '--short', 'HEAD~1');
    repo.git('checkout', '-q', hash);
    const status = await readGitStatus(repo.path);
    expect(status).toMatchObject({ branch: null, head: hash, upstream: null, ahead: 0, behind: 0 });
    expect(status.lastCommit?.subject).toBe('one');
  });

  it('reads upstream and ahead/behind against a local bare remote', async () => {
    const { repo, other } = createRepoWithUpstream();
    expect(await readGitStatus(repo.path)).toMatchObject({ upstream: 'origin/main', ahead: 0, behind: 0 });

    other.commit('theirs 1');
    other.commit('theirs 2');
    other.git('push', '-q');
    repo.git('fetch', '-q');
    repo.commit('mine');
    expect(await readGitStatus(repo.path)).toMatchObject({ upstream: 'origin/main', ahead: 1, behind: 2 });
  });

  it('throws a one-line UserError for a deleted folder and for a folder that is not a repository', async () => {
    const repo = createRepo();
    fs.rmSync(repo.path, { recursive: true });
    await expect(readGitStatus(repo.path)).rejects.toThrow(new UserError(`folder is gone: ${repo.path}`));

    // A plain folder inside another repository must not report on the enclosing one.
    const outer = createRepo();
    const plain = path.join(outer.path, 'plain');
    fs.mkdirSync(plain);
    await expect(readGitStatus(plain)).rejects.toThrow(new UserError(`not a git repository: ${plain}`));
    const empty = makeTempDir();
    await expect(readGitStatus(empty)).rejects.toBeInstanceOf(UserError);
  });

  it('reads the repository at its path whatever GIT_* variables the app inherited', async () => {
    const repo = createRepo({ commits: ['mine'] });
    const other = createRepo({ commits: ['other one'] });
    const saved = { dir: process.env.GIT_DIR, tree: process.env.GIT_WORK_TREE };
    process.env.GIT_DIR = path.join(other.path, '.git');
    process.env.GIT_WORK_TREE = other.path;
    try {
      // A fresh module: git's environment is built once per process, from what it inherited.
      vi.resetModules();
      const fresh = await import('../../src/git/status.js');
      expect((await fresh.readGitStatus(repo.path)).lastCommit?.subject).toBe('mine');
    } finally {
      for (const [key, value] of [
        ['GIT_DIR', saved.dir],
        ['GIT_WORK_TREE', saved.tree],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('rejects with the abort reason when aborted', async () => {
    const repo = createRepo();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(readGitStatus(repo.path, controller.signal)).rejects.toThrow('stop');
  });

  it('does not rewrite .git/index (no optional locks)', async () => {
    const repo = createRepo();
    const index = path.join(repo.path, '.git', 'index');
    // A touched file makes plain `git status` refresh the index's stat data and rewrite it.
    const future = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(repo.path, 'README.md'), future, future);
    const before = fs.statSync(index).mtimeMs;
    await readGitStatus(repo.path);
    expect(fs.statSync(index).mtimeMs).toBe(before);
  });
});

describe('withGitLimit', () => {
  it(`runs at most ${MAX_GIT_PROCESSES} tasks at once, in order, and drops aborted waiters`, async () => {
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push(n);
      active--;
      return n;
    };
    const controller = new AbortController();
    const runs = Array.from({ length: 10 }, (_, n) =>
      withGitLimit(task(n), n === 7 ? controller.signal : undefined),
    );
    controller.abort(new Error('cancelled'));
    const results = await Promise.allSettled(runs);
    expect(peak).toBe(MAX_GIT_PROCESSES);
    expect(results[7]).toMatchObject({ status: 'rejected', reason: new Error('cancelled') });
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9]);
    expect(gitLimitStats()).toEqual({ running: 0, waiting: 0 });
  });
});

describe('parsePorcelainV2', () => {
  it('reads an upstream whose remote branch is gone as upstream with no ahead/behind', () => {
    const output = ['# branch.oid abc', '# branch.head main', '# branch.upstream origin/main', ''].join('\0');
    expect(parsePorcelainV2(output)).toMatchObject({ upstream: 'origin/main', ahead: 0, behind: 0 });
  });
});
