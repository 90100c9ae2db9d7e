// HEAD's commit read from the object store must be what `git log -1 --format=%h%x00%cI%x00%s`
// prints, in every layout git stores it in, and a pane refresh costs one git process.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readCommitObject } from '../../src/git/commit-object.js';
import { readGitStatus } from '../../src/git/status.js';
import { createRepo, git, makeTempDir, removeTempDirs, TempRepo } from '../support/git-repos.js';

afterEach(removeTempDirs);

function gitLog(repo: TempRepo | string) {
  const cwd = typeof repo === 'string' ? repo : repo.path;
  const [hash, date, subject] = git(cwd, ['log', '-1', '--format=%h%x00%cI%x00%s']).split('\0');
  return { hash, date, subject };
}

function headOid(cwd: string): string {
  return git(cwd, ['rev-parse', 'HEAD']);
}

/** A commit whose message has leading blank lines, a two-line subject with trailing blanks and a long body. */
function commitAwkward(repo: TempRepo): void {
  repo.write('a.txt', 'a\n');
  repo.git('add', '-A');
  const message = path.join(makeTempDir(), 'message');
  fs.writeFileSync(message, `\n\nfirst line  \nsecond\tline \n\n${'body '.repeat(20_000)}`);
  git(repo.path, ['commit', '-q', '--cleanup=verbatim', '-F', message], {
    GIT_COMMITTER_DATE: '2024-01-02T03:04:05-0730',
  });
}

describe('readCommitObject', () => {
  it.each(['sha1', 'sha256'])(
    'reads a %s commit loose, packed and through alternates as git log does',
    (format) => {
      const repo = new TempRepo(makeTempDir());
      git(repo.path, ['init', '-q', `--object-format=${format}`, '-b', 'main']);
      commitAwkward(repo);
      const expected = gitLog(repo);
      expect(expected.subject).toBe('first line second\tline');
      expect(readCommitObject(repo.path, headOid(repo.path))).toEqual(expected);
      repo.git('gc', '-q');
      expect(fs.readdirSync(path.join(repo.path, '.git/objects/pack')).some((f) => f.endsWith('.pack'))).toBe(
        true,
      );
      expect(readCommitObject(repo.path, headOid(repo.path))).toEqual(expected);
      const clone = path.join(makeTempDir(), 'clone');
      git(path.dirname(clone), ['clone', '-q', '--shared', repo.path, clone]);
      expect(readCommitObject(clone, headOid(clone))).toEqual(gitLog(clone));
    },
  );

  it('finds the commit among 20,000 packed objects (over 2^14), with the longer short hash git picks there', () => {
    const repo = createRepo({ commits: [] });
    const files = Array.from(
      { length: 20_000 },
      (_, i) => `M 644 inline f${i}\ndata ${String(i).length}\n${i}\n`,
    );
    const stream = `commit refs/heads/main\ncommitter a <a@b.invalid> 1700000000 +0000\ndata 2\nhi\n${files.join('')}\n`;
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.path, input: stream });
    // (No checkout: 20,000 files on disk would only slow the test down.)
    const expected = gitLog(repo);
    expect(expected.hash).toHaveLength(8);
    expect(readCommitObject(repo.path, headOid(repo.path))).toEqual(expected);
  });

  it('leaves it to git when core.abbrev is set or the object is not there', async () => {
    const repo = createRepo({ commits: ['one'] });
    const oid = headOid(repo.path);
    repo.git('config', 'core.abbrev', '12');
    expect(readCommitObject(repo.path, oid)).toBeUndefined();
    expect((await readGitStatus(repo.path)).lastCommit).toEqual(gitLog(repo));
    expect(readCommitObject(repo.path, 'f'.repeat(40))).toBeUndefined();
  });
});

describe('readGitStatus', () => {
  it('runs one git process per read (no git log) and shows what git log shows', async () => {
    const repo = createRepo({ commits: ['one', 'two'] });
    const bin = makeTempDir();
    const calls = path.join(bin, 'calls');
    const before = process.env.PATH;
    // $1 is --no-optional-locks, $2 the command.
    fs.writeFileSync(
      path.join(bin, 'git'),
      `#!/bin/sh\necho "$2" >> ${calls}\nPATH='${before}' exec git "$@"\n`,
      {
        mode: 0o755,
      },
    );
    process.env.PATH = `${bin}:${before}`;
    try {
      // A fresh module: git's environment (PATH included) is built once per process.
      vi.resetModules();
      const status = await (await import('../../src/git/status.js')).readGitStatus(repo.path);
      expect(status.lastCommit).toEqual(gitLog(repo));
      expect(fs.readFileSync(calls, 'utf8')).toBe('status\n');
    } finally {
      process.env.PATH = before;
    }
  });
});
