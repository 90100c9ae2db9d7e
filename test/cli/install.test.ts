// Installing Shipyard as a user does: `npm pack` (whose `prepare` builds dist/) on a copy of the
// repository, the tarball installed into a temp prefix from npm's cache where it can, then the
// installed `shipyard ls`. The slowest test (npm itself): about a minute on a quiet machine.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findNode, suitable } from '../../src/cli/find-node.js';
import { nodeBin, repoRoot } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(removeTempDirs);

const nodeDir = path.dirname(fs.realpathSync(nodeBin));
const npmEnv = (extra: NodeJS.ProcessEnv = {}) => ({
  ...process.env,
  // npm's own scripts (prepare) find the project's Node 24 first, as `npm install` gives them.
  PATH: `${nodeDir}${path.delimiter}${process.env.PATH}`,
  npm_config_loglevel: 'error',
  npm_config_update_notifier: 'false',
  ...extra,
});

/** The repository's files as git sees them (tracked and new, not ignored), with its node_modules linked. */
function copyOfRepo(): string {
  const copy = makeTempDir('shipyard-pack-');
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    // Deleted but not yet committed, or a link (a node_modules linked in, as this copy does).
    if (!fs.lstatSync(path.join(repoRoot, file), { throwIfNoEntry: false })?.isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(copy, file));
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
  return copy;
}

describe('installing the package', () => {
  it('npm pack builds it; the tarball installed into a temp prefix gives a shipyard that runs ls', async () => {
    const copy = copyOfRepo();
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', copy], {
      cwd: copy,
      env: npmEnv(),
      encoding: 'utf8',
    });
    expect(packed.status, packed.stderr).toBe(0);
    const [pack] = JSON.parse(packed.stdout) as {
      filename: string;
      files: { path: string }[];
    }[];
    const { filename, files } = pack!;
    expect(files.map((f) => f.path)).toContain('dist/cli/bin.js');
    expect(files.some((f) => f.path.startsWith('src/'))).toBe(false);

    const prefix = makeTempDir('shipyard-prefix-');
    const installed = spawnSync(
      'npm',
      ['install', '--prefix', prefix, path.join(copy, filename), '--prefer-offline', '--omit=optional'],
      { cwd: prefix, env: npmEnv({ npm_config_audit: 'false', npm_config_fund: 'false' }), encoding: 'utf8' },
    );
    expect(installed.status, installed.stderr).toBe(0);

    const workspace = makeTempDir('shipyard-ws-');
    createRepo({ parent: workspace, name: 'api' });
    const shipyard = path.join(prefix, 'node_modules/.bin/shipyard');
    const ls = spawnSync(shipyard, ['ls', '--root', workspace], {
      env: { ...npmEnv(), SHIPYARD_HOME: makeTempDir('shipyard-home-') },
      encoding: 'utf8',
    });
    expect(ls.stderr).toBe('');
    expect(ls.status).toBe(0);
    expect(ls.stdout).toMatch(/^PROJECT\s+BRANCH/);
    expect(ls.stdout).toMatch(/\napi\s+main\s/);
  }, 300_000);
});

describe('the launcher on an old Node', () => {
  it('finds a suitable Node in a version manager when PATH has none', () => {
    const home = makeTempDir('shipyard-home-');
    const bin = path.join(home, '.nvm/versions/node/v24.0.0/bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(fs.realpathSync(nodeBin), path.join(bin, 'node'));
    expect(findNode({ HOME: home, PATH: '' }, makeTempDir('shipyard-pkg-'))).toBe(fs.realpathSync(nodeBin));
    expect(findNode({ HOME: makeTempDir('shipyard-home-'), PATH: '' }, makeTempDir('shipyard-pkg-'))).toBe(
      // Nothing in that HOME or PATH: only the machine's fixed places remain.
      findNode({ HOME: '/nonexistent', PATH: '' }, '/nonexistent'),
    );
    expect([
      suitable([22, 21, 9]),
      suitable([22, 22, 0]),
      suitable([24, 0, 0]),
      suitable([20, 20, 2]),
    ]).toEqual([false, true, true, false]);
  });

  it('an old Node hands over to the one it finds, or says in one line which it needs', () => {
    const old = ['/usr/bin/node', '/bin/node', '/usr/local/bin/node'].find((file) => {
      const run = spawnSync(file, ['--version'], { encoding: 'utf8' });
      return run.status === 0 && !suitable(run.stdout.slice(1).split('.').map(Number));
    });
    const entry = path.join(repoRoot, 'dist/cli/bin.js');
    if (!old) {
      // A machine whose Node is new enough everywhere: the launcher runs on it directly.
      const direct = spawnSync('node', [entry, '--version'], { encoding: 'utf8' });
      expect(direct).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
      return;
    }
    const handed = spawnSync(old, [entry, '--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: '' },
    });
    expect(handed).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const refused = spawnSync(old, [entry, '--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: '', SHIPYARD_RELAUNCHED: '1' },
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^shipyard: needs Node\.js 22\.22 or newer \(this is \d+\.\d+\.\d+, .*nvm install 24`\)\n$/,
    );
  });
});
