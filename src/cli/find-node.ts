// When `shipyard` starts on a Node.js too old for it: find a suitable one on this machine (the
// project's own Node 24 in a checkout, PATH, nvm, fnm, volta, asdf, mise, Homebrew) and hand over to
// it, or say in one line which Node it needs. Runs on old Node versions: plain `fs` and `child_process`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MIN_NODE: readonly [number, number] = [22, 22];

type Version = [number, number, number];

function parse(text: string): Version | undefined {
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function suitable(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** `dir/*\/suffix` for each existing entry of `dir` (a version manager's installs). */
function installs(dir: string, suffix: string): string[] {
  try {
    return fs.readdirSync(dir).map((name) => path.join(dir, name, suffix));
  } catch {
    return [];
  }
}

function candidates(env: NodeJS.ProcessEnv, packageRoot: string): string[] {
  const home = env.HOME || os.homedir();
  const xdgData = env.XDG_DATA_HOME || path.join(home, '.local/share');
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => ['node', 'node24', 'node22'].map((name) => path.join(dir, name)));
  return [
    // A checkout: the Node 24 devDependency `npm install` put there.
    path.join(packageRoot, 'node_modules/node/bin/node'),
    path.join(packageRoot, 'node_modules/.bin/node'),
    ...onPath,
    ...installs(path.join(env.NVM_DIR || path.join(home, '.nvm'), 'versions/node'), 'bin/node'),
    ...installs(
      path.join(env.FNM_DIR || path.join(xdgData, 'fnm'), 'node-versions'),
      'installation/bin/node',
    ),
    ...installs(path.join(env.VOLTA_HOME || path.join(home, '.volta'), 'tools/image/node'), 'bin/node'),
    ...installs(path.join(home, '.asdf/installs/nodejs'), 'bin/node'),
    ...installs(path.join(xdgData, 'mise/installs/node'), 'bin/node'),
    '/opt/homebrew/bin/node',
    '/opt/homebrew/opt/node@24/bin/node',
    '/usr/local/opt/node@24/bin/node',
    '/usr/local/bin/node',
  ];
}

/** The newest suitable Node found, asking each candidate its version (a few ms each). */
export function findNode(env: NodeJS.ProcessEnv, packageRoot: string): string | undefined {
  let best: { file: string; version: Version } | undefined;
  const seen = new Set<string>();
  for (const file of candidates(env, packageRoot)) {
    let real: string;
    try {
      real = fs.realpathSync(file);
      fs.accessSync(real, fs.constants.X_OK);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const run = spawnSync(real, ['--version'], { encoding: 'utf8', timeout: 3000, env: {} });
    const version = run.status === 0 ? parse(run.stdout) : undefined;
    if (version && suitable(version) && (!best || compare(version, best.version) > 0))
      best = { file: real, version };
  }
  return best?.file;
}

/** Runs `script` with `node` in a child that owns the terminal, and ends this process as it ends. */
export function handOver(node: string, script: string, args: string[]): void {
  const child = spawn(
    node,
    ['--min-semi-space-size=8', '--max-semi-space-size=8', '--heap-growing-percent=20', script, ...args],
    {
      stdio: 'inherit',
      env: { ...process.env, SHIPYARD_RELAUNCHED: '1' },
    },
  );
  // The child gets the terminal's signals itself; this process only waits, and passes on a kill.
  for (const signal of ['SIGINT', 'SIGQUIT'] as const) process.on(signal, () => {});
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`shipyard: cannot start ${node}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
}

export function tooOldLine(): string {
  return (
    `shipyard: needs Node.js ${MIN_NODE.join('.')} or newer (this is ${process.versions.node}, and none was found ` +
    'on PATH or in nvm, fnm, volta, asdf or mise): install Node.js 24 (https://nodejs.org, or `nvm install 24`)'
  );
}
