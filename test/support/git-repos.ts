// Real git repositories in temp folders for tests: commits, a bare upstream, detached HEAD.
// Register `afterEach(removeTempDirs)` in every test file that uses it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const created: string[] = [];

/** A fresh empty folder (real path) under the OS temp dir, removed by removeTempDirs(). */
export function makeTempDir(prefix = 'shipyard-test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// The user's git config (hooks, signing, default branch) and inherited GIT_* variables must not
// change what the tests see; a fixed identity lets `commit` work on a bare CI machine.
const gitEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GIT_'))),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Shipyard Test',
  GIT_AUTHOR_EMAIL: 'test@shipyard.invalid',
  GIT_COMMITTER_NAME: 'Shipyard Test',
  GIT_COMMITTER_EMAIL: 'test@shipyard.invalid',
};

/** Runs git synchronously in `cwd` and returns its stdout without the trailing newline. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...gitEnv, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).replace(/\n$/, '');
}

export interface CommitOptions {
  /** Files to write before committing, relative path -> content. */
  files?: Record<string, string>;
  /** Author and committer date, e.g. '2024-05-06T07:08:09Z'. */
  date?: string;
}

export class TempRepo {
  constructor(readonly path: string) {}

  git(...args: string[]): string {
    return git(this.path, args);
  }

  /** Writes a file (creating folders) relative to the work tree. */
  write(file: string, content: string): string {
    const target = path.join(this.path, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    return target;
  }

  /** Writes `files`, stages everything and commits; returns the new short hash. */
  commit(message: string, options: CommitOptions = {}): string {
    for (const [file, content] of Object.entries(options.files ?? {})) this.write(file, content);
    this.git('add', '-A');
    const dateEnv = options.date ? { GIT_AUTHOR_DATE: options.date, GIT_COMMITTER_DATE: options.date } : {};
    git(this.path, ['commit', '--allow-empty', '--no-verify', '-q', '-m', message], dateEnv);
    return this.git('rev-parse', '--short', 'HEAD');
  }

  /** Detaches HEAD at the current commit. */
  detach(): void {
    this.git('checkout', '-q', '--detach');
  }
}

export interface CreateRepoOptions {
  /** Initial branch name (default `main`). */
  branch?: string;
  /** Commit subjects to create in order, each touching `README.md` (default: one, 'initial'). */
  commits?: string[];
  /** Parent folder (default: a new temp folder). */
  parent?: string;
  /** Folder name inside the parent (default `repo`). */
  name?: string;
}

/** A new repository with `commits` (pass `[]` for one with no commits yet). */
export function createRepo(options: CreateRepoOptions = {}): TempRepo {
  const parent = options.parent ?? makeTempDir();
  const dir = path.join(parent, options.name ?? 'repo');
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', options.branch ?? 'main']);
  const repo = new TempRepo(dir);
  for (const [index, subject] of (options.commits ?? ['initial']).entries()) {
    repo.commit(subject, { files: { 'README.md': `# test repo\n\n${index}: ${subject}\n` } });
  }
  return repo;
}

export interface RepoWithUpstream {
  /** The repository under test; its branch tracks `origin/<branch>`. */
  repo: TempRepo;
  /** The bare repository `origin` points at. */
  remote: string;
  /** A second clone of the remote: commit and push here to put `repo` behind. */
  other: TempRepo;
}

/** A repository with one commit pushed to a local bare `origin` and tracking it, plus a second clone. */
export function createRepoWithUpstream(options: CreateRepoOptions = {}): RepoWithUpstream {
  const parent = options.parent ?? makeTempDir();
  const repo = createRepo({ ...options, parent });
  const branch = repo.git('branch', '--show-current');
  const remote = path.join(parent, 'origin.git');
  git(parent, ['init', '-q', '--bare', '-b', branch, remote]);
  repo.git('remote', 'add', 'origin', remote);
  repo.git('push', '-q', '-u', 'origin', branch);
  const otherPath = path.join(parent, 'other');
  git(parent, ['clone', '-q', remote, otherPath]);
  return { repo, remote, other: new TempRepo(otherPath) };
}
