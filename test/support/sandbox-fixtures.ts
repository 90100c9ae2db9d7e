// Workspaces for the sandbox tests: outside /tmp (the sandbox's private /tmp would hide them), with
// a sibling holding a secret and a fake $HOME with a key; helpers to find our processes.
import fs from 'node:fs';
import path from 'node:path';
import { createRepo, makeTempDir, type TempRepo } from './git-repos.js';

const outside: string[] = [];

/** Removes what setup() made under /var/tmp; call in afterEach. */
export function removeOutsideDirs(): void {
  for (const dir of outside.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const SIBLING_SECRET = 'SIBLING-SECRET-7f3a';
export const SSH_SECRET = 'PRIVATE-KEY-BYTES-9c2e';
export const ENV_SECRET = 'sk-env-leak-5d1b';

export interface Setup {
  root: string;
  app: TempRepo;
  api: TempRepo;
  home: string;
  env: NodeJS.ProcessEnv;
}

/** A workspace (app + api) and a fake $HOME under /var/tmp: outside the sandbox's private /tmp. */
export function setup(): Setup {
  const base = fs.realpathSync(fs.mkdtempSync('/var/tmp/shipyard-sandbox-'));
  outside.push(base);
  const root = path.join(base, 'ws');
  const app = createRepo({ parent: root, name: 'app' });
  app.git('config', 'user.name', 'Shipyard Agent');
  app.git('config', 'user.email', 'agent@shipyard.invalid');
  app.commit('add check', { files: { 'check.sh': 'test -f made.txt && echo CHECK-OK\n' } });
  const api = createRepo({ parent: root, name: 'api' });
  api.write('.env', `SECRET=${SIBLING_SECRET}\n`);
  const home = path.join(base, 'home');
  fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
  fs.writeFileSync(path.join(home, '.ssh', 'id_rsa'), `${SSH_SECRET}\n`);
  const env = {
    HOME: home,
    SHIPYARD_HOME: makeTempDir('shipyard-home-'),
    OPENAI_API_KEY: ENV_SECRET,
    MY_SERVICE_TOKEN: ENV_SECRET,
    SHIPYARD_MODEL: 'm',
    SHIPYARD_API: 'responses',
  };
  return { root, app, api, home, env };
}

export const shell = (command: string, extra: Record<string, unknown> = {}) => ({
  name: 'shell',
  arguments: { command, ...extra },
});

/** `sleep` processes of this length (a unique length marks ours); not the shells that started them. */
export function processesWith(seconds: string): number[] {
  const token = `sleep\0${seconds}\0`;
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith(token)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** A PATH with git, bash and sleep but no bwrap. */
export function pathWithoutBwrap(): string {
  const bin = makeTempDir('shipyard-bin-');
  for (const tool of ['git', 'bash', 'sleep']) {
    const real = ['/usr/bin', '/bin'].map((dir) => path.join(dir, tool)).find((p) => fs.existsSync(p))!;
    fs.symlinkSync(real, path.join(bin, tool));
  }
  return bin;
}
