// Start-up's gathered status reads: many repositories through a few `sh` processes answer exactly
// what one read each answers, failures and hangs included.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRepo, makeTempDir, removeTempDirs, type TempRepo } from '../support/git-repos.js';

afterEach(() => {
  removeTempDirs();
  vi.unstubAllEnvs();
});

/** Odd repositories: names with spaces, a newline, a leading dash, non-ASCII; odd file names; no commits. */
function oddRepos(): TempRepo[] {
  const parent = makeTempDir();
  const names = ['plain', 'with space', 'new\nline', '-dash', 'ünï 漢字', 'empty', 'dirty', 'renamed'];
  const repos = names.map((name) => createRepo({ parent, name, commits: name === 'empty' ? [] : ['one'] }));
  const [, , , , , , dirty, renamed] = repos;
  dirty!.write('README.md', 'changed\n');
  dirty!.write('new\nfile', 'x');
  dirty!.write('\u0001starts-with-soh', 'x');
  renamed!.commit('add', { files: { 'old name': 'same\n' } });
  renamed!.git('mv', 'old name', '\u0001new');
  return repos;
}

/** `git` on PATH that records its parent's pid (and sleeps in `slowIn`), then runs the real one. */
function gitWrapper(slowIn?: string, seconds = 2): { log: string } {
  const bin = makeTempDir();
  const log = path.join(bin, 'parents');
  const real = process.env.PATH;
  const slow = slowIn ? `case "$PWD $*" in *'${slowIn}'*) sleep ${seconds};; esac\n` : '';
  fs.writeFileSync(
    path.join(bin, 'git'),
    `#!/bin/sh\necho "$PPID" >> '${log}'\n${slow}PATH='${real}' exec git "$@"\n`,
    { mode: 0o755 },
  );
  vi.stubEnv('PATH', `${bin}:${real}`);
  return { log };
}

/** The modules fresh, so that git's environment (built once per process) holds the stubbed PATH. */
async function freshStatus() {
  vi.resetModules();
  return import('../../src/git/status.js');
}

describe('gathered status reads', () => {
  it('answer what one read each answers, through at most four processes', async () => {
    const repos = oddRepos();
    const { readGitStatus } = await import('../../src/git/status.js');
    // With a signal, a read runs alone: the reference.
    const alone = await Promise.all(
      repos.map((repo) => readGitStatus(repo.path, new AbortController().signal)),
    );
    const { log } = gitWrapper();
    const fresh = await freshStatus();
    const gathered = await Promise.all(repos.map((repo) => fresh.readGitStatus(repo.path)));
    expect(gathered).toEqual(alone);
    expect(gathered[6]).toMatchObject({ modified: 1, untracked: 2 });
    expect(gathered[7]).toMatchObject({ staged: 1 });
    const parents = new Set(fs.readFileSync(log, 'utf8').trim().split('\n'));
    expect(parents.size).toBeLessThanOrEqual(4);
    expect(parents.has(String(process.pid))).toBe(false);
  });

  it('give a failing repository its own error line and the others their state', async () => {
    const parent = makeTempDir();
    const good = createRepo({ parent, name: 'good' });
    const broken = createRepo({ parent, name: 'broken' });
    const gone = createRepo({ parent, name: 'gone' });
    const after = createRepo({ parent, name: 'after' });
    fs.writeFileSync(path.join(broken.path, '.git', 'HEAD'), 'garbage\n');
    const { readGitStatus } = await freshStatus();
    const alone = await readGitStatus(broken.path, new AbortController().signal).catch(
      (error: Error) => error.message,
    );
    fs.rmSync(gone.path, { recursive: true });
    const results = await Promise.allSettled(
      [good, broken, gone, after].map((repo) => readGitStatus(repo.path)),
    );
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe(alone);
    expect((results[2] as PromiseRejectedResult).reason.message).toBe(`folder is gone: ${gone.path}`);
    expect((results[3] as PromiseFulfilledResult<{ branch: string }>).value.branch).toBe('main');
  });

  it('time out a hung repository alone; the ones after it in its batch still answer', async () => {
    const parent = makeTempDir();
    const repos = Array.from({ length: 9 }, (_, index) => createRepo({ parent, name: `r${index}` }));
    gitWrapper('/r0 ');
    vi.resetModules();
    const { readGitGathered } = await import('../../src/git/read-git-batch.js');
    const args = ['status', '--porcelain=v2', '--branch', '-z'];
    // r0, r4 and r8 share the first batch (round robin over four).
    const results = await Promise.allSettled(
      repos.map((repo) => readGitGathered(repo.path, args, { timeoutMs: 500 })),
    );
    expect(results[0]).toMatchObject({ status: 'rejected' });
    expect((results[0] as PromiseRejectedResult).reason.message).toBe(
      `git status timed out after 1 s: ${repos[0]!.path}`,
    );
    for (const result of results.slice(1)) {
      expect(result.status).toBe('fulfilled');
      expect((result as PromiseFulfilledResult<string>).value).toContain('# branch.head main\0');
    }
  }, 20_000);

  it('do not hold the reads queued behind a slow repository in its batch', async () => {
    const parent = makeTempDir();
    const repos = Array.from({ length: 9 }, (_, index) => createRepo({ parent, name: `r${index}` }));
    gitWrapper('/r0 ', 3);
    const { readGitStatus } = await freshStatus();
    const started = performance.now();
    const answeredAt: number[] = [];
    const statuses = await Promise.all(
      repos.map((repo, index) =>
        readGitStatus(repo.path).then((status) => {
          answeredAt[index] = performance.now() - started;
          return status;
        }),
      ),
    );
    expect(statuses.every((status) => status.branch === 'main')).toBe(true);
    // r4 and r8 share r0's batch: asked alone once it stalls, they answer long before r0's 3 s.
    expect(answeredAt[0]).toBeGreaterThan(3000);
    expect(Math.max(...answeredAt.slice(1))).toBeLessThan(2000);
  }, 20_000);

  it('read a status of many chunks whole, beside small ones', async () => {
    const parent = makeTempDir();
    const big = createRepo({ parent, name: 'big' });
    const small = [1, 2, 3].map((index) => createRepo({ parent, name: `small${index}` }));
    // 4,000 untracked files with long names: ~500 KB of status, several pipe chunks.
    for (let index = 0; index < 4000; index++) {
      fs.writeFileSync(path.join(big.path, `${'long-name-'.repeat(10)}${index}.txt`), '');
    }
    const { readGitGathered } = await import('../../src/git/read-git-batch.js');
    const { readGit } = await import('../../src/git/read-git.js');
    const args = ['status', '--porcelain=v2', '--branch', '-z'];
    const repos = [big, ...small, big];
    const gathered = await Promise.all(repos.map((repo) => readGitGathered(repo.path, args)));
    const alone = await Promise.all(repos.map((repo) => readGit(repo.path, args)));
    expect(gathered[0]!.length).toBeGreaterThan(400_000);
    expect(gathered).toEqual(alone);
  }, 20_000);
});
