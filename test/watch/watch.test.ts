import fs from 'node:fs';
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import { afterEach, describe, expect, it } from 'vitest';
import { readGitStatus } from '../../src/git/status.js';
import {
  type ChangeReason,
  POLLING_NOTES,
  type ProjectWatcher,
  type WatchProjectOptions,
  watchProject,
} from '../../src/watch/project-watcher.js';
import { createRepo, removeTempDirs, TempRepo } from '../support/git-repos.js';

const open: ProjectWatcher[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((watcher) => watcher.close()));
  removeTempDirs();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Watches `repo` and records every callback with the time it arrived. */
async function record(repo: TempRepo, opts: WatchProjectOptions = {}) {
  const changes: { reason: ChangeReason; at: number }[] = [];
  const notes: (string | undefined)[] = [];
  const errors: string[] = [];
  const watcher = watchProject(repo.path, (reason) => changes.push({ reason, at: Date.now() }), {
    onNote: (note) => notes.push(note),
    onError: (message) => errors.push(message),
    ...opts,
  });
  open.push(watcher);
  await watcher.ready;
  const waitFor = async (what: string, check: () => boolean, timeoutMs = 1000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(10);
    }
  };
  /** Waits for the next callback after now; fails after `timeoutMs`. */
  const nextChange = async (timeoutMs = 1000): Promise<ChangeReason> => {
    const seen = changes.length;
    await waitFor('a change', () => changes.length > seen, timeoutMs);
    return changes[seen]!.reason;
  };
  return { watcher, changes, notes, errors, waitFor, nextChange };
}

/** Runs `act` and returns the first callback it causes and how long it took to arrive. */
async function changeAfter(rec: Awaited<ReturnType<typeof record>>, act: () => void, timeoutMs = 1000) {
  const started = Date.now();
  const seen = rec.changes.length;
  act();
  await rec.waitFor('a change', () => rec.changes.length > seen, timeoutMs);
  return { reason: rec.changes[seen]!.reason, ms: rec.changes[seen]!.at - started };
}

describe('watchProject', () => {
  it('reports an edit well within 1 s, and a burst of edits as one callback', async () => {
    const repo = createRepo();
    const rec = await record(repo);
    const edit = await changeAfter(rec, () => repo.write('README.md', 'edited\n'));
    expect(edit.reason).toBe('files');
    expect(edit.ms).toBeLessThan(800);

    const before = rec.changes.length;
    for (let n = 0; n < 30; n++) repo.write(`src/file-${n}.ts`, `export const n = ${n};\n`);
    await rec.waitFor('the burst', () => rec.changes.length > before);
    await sleep(400);
    expect(rec.changes.length - before).toBe(1);
  });

  it('reports a commit, a checkout and a stash made by another process as git changes', async () => {
    const repo = createRepo();
    repo.git('branch', 'feature');
    repo.write('staged.txt', 'x');
    repo.git('add', 'staged.txt');
    const rec = await record(repo);

    expect((await changeAfter(rec, () => repo.git('commit', '-q', '-m', 'by someone else'))).reason).toBe(
      'git',
    );
    await sleep(300);
    expect((await changeAfter(rec, () => repo.git('checkout', '-q', 'feature'))).reason).toBe('git');
    await sleep(300);
    // Stash: a tracked file edit, then `git stash` (refs/stash appears, the work tree is reset).
    repo.write('README.md', 'work in progress\n');
    await rec.nextChange();
    await sleep(300);
    expect((await changeAfter(rec, () => repo.git('stash', '-q'))).reason).toBe('git');
  });

  it('ignores gitignored files (root, nested, info/exclude) and node_modules, and never enters them', async () => {
    const repo = createRepo();
    repo.commit('ignores', {
      files: { '.gitignore': 'build/\n*.log\n', 'pkg/.gitignore': 'gen/\n!keep.log\n' },
    });
    fs.appendFileSync(path.join(repo.path, '.git', 'info', 'exclude'), 'scratch.txt\n');
    repo.write('build/out.js', '1');
    repo.write('node_modules/dep/index.js', '1');
    repo.write('pkg/gen/code.ts', '1');
    repo.write('pkg/node_modules/x/index.js', '1');
    let chokidar: FSWatcher | undefined;
    const rec = await record(repo, {
      createWatcher: (paths, options) => {
        chokidar = watch(paths, options);
        return chokidar;
      },
    });

    repo.write('build/out.js', '2');
    repo.write('node_modules/dep/index.js', '2');
    repo.write('pkg/node_modules/x/index.js', '2');
    repo.write('pkg/gen/code.ts', '2');
    repo.write('debug.log', 'noise');
    repo.write('scratch.txt', 'noise');
    repo.write('node_modules/new-dep/index.js', 'new');
    await sleep(600);
    expect(rec.changes).toEqual([]);

    const watchedDirs = Object.keys(chokidar!.getWatched()).map((dir) => path.relative(repo.path, dir));
    expect(watchedDirs).toEqual(
      expect.arrayContaining(['', '.git', path.join('.git', 'refs', 'heads'), 'pkg']),
    );
    for (const skipped of ['build', 'node_modules', 'pkg/gen', '.git/objects', '.git/logs']) {
      expect(watchedDirs.some((dir) => dir === skipped || dir.startsWith(`${skipped}/`))).toBe(false);
    }
    // A negated rule in the nested .gitignore re-includes the file: it does count.
    expect((await changeAfter(rec, () => repo.write('pkg/keep.log', 'kept'))).reason).toBe('files');
  });

  it('does not wake itself: our status refresh causes no further callbacks, plain git status does', async () => {
    const repo = createRepo();
    const rec = await record(repo);
    // A touched file makes the index's stat data stale: a status that takes locks rewrites it.
    const future = new Date(Date.now() + 10_000);
    await changeAfter(rec, () => fs.utimesSync(path.join(repo.path, 'README.md'), future, future));
    await sleep(300);
    const settled = rec.changes.length;
    await readGitStatus(repo.path);
    await sleep(1000);
    expect(rec.changes.length).toBe(settled);

    // The same repository does report a status run with locks: the quiet above is not deafness.
    expect((await changeAfter(rec, () => repo.git('status'))).reason).toBe('git');
  });

  it('falls back to polling on ENOSPC, says so, and still sees edits and commits', async () => {
    const repo = createRepo();
    const rec = await record(repo, {
      pollIntervalMs: 100,
      createWatcher: (paths, options) => {
        const chokidar = watch(paths, options);
        chokidar.once('ready', () => {
          const error = Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {
            code: 'ENOSPC',
          });
          chokidar.emit('error', error);
        });
        return chokidar;
      },
    });
    expect(rec.watcher.mode()).toBe('polling');
    expect(rec.notes).toEqual([POLLING_NOTES.ENOSPC]);

    expect((await changeAfter(rec, () => repo.write('new.txt', 'x'))).reason).toBe('files');
    await sleep(300);
    expect((await changeAfter(rec, () => repo.commit('polled commit'))).reason).toBe('git');
    expect(rec.errors).toEqual([]);
  });

  it('watches a linked work tree (`git worktree add`): its HEAD and the shared refs', async () => {
    const main = createRepo();
    const worktreePath = `${main.path}-feature`;
    main.git('worktree', 'add', '-q', '-b', 'feature', worktreePath);
    const worktree = new TempRepo(worktreePath);
    const rec = await record(worktree);
    expect((await readGitStatus(worktree.path)).branch).toBe('feature');
    expect((await changeAfter(rec, () => worktree.commit('in the work tree'))).reason).toBe('git');
    await sleep(300);
    // Another branch moving in the main checkout changes only the shared refs.
    expect((await changeAfter(rec, () => main.commit('in the main checkout'))).reason).toBe('git');
  });

  it('reports a deleted folder once through onError and stops, in native and in polling mode', async () => {
    for (const forcePolling of [false, true]) {
      const repo = createRepo();
      const rec = await record(repo, { forcePolling, pollIntervalMs: 100 });
      fs.rmSync(repo.path, { recursive: true });
      await rec.waitFor('onError', () => rec.errors.length > 0);
      await sleep(300);
      expect(rec.errors).toEqual([`folder is gone: ${repo.path}`]);
      expect(rec.watcher.mode()).toBe('stopped');
    }
  });

  it('reports a renamed folder as gone', async () => {
    const repo = createRepo();
    const rec = await record(repo);
    fs.renameSync(repo.path, `${repo.path}-moved`);
    await rec.waitFor('onError', () => rec.errors.length > 0);
    expect(rec.errors).toEqual([`folder is gone: ${repo.path}`]);
  });

  it('reports a folder that is missing or not a repository at start without throwing', async () => {
    const repo = createRepo();
    const plain = path.join(repo.path, 'plain');
    fs.mkdirSync(plain);
    const missing = path.join(repo.path, 'missing');
    const errors: string[] = [];
    for (const dir of [plain, missing]) {
      const watcher = watchProject(dir, () => {}, { onError: (message) => errors.push(message) });
      await watcher.ready;
      await sleep(0);
      expect(watcher.mode()).toBe('stopped');
      await watcher.close();
    }
    expect(errors).toEqual([`not a git repository: ${plain}`, `folder is gone: ${missing}`]);
  });
});
