// Where Shipyard keeps its files. SHIPYARD_HOME overrides every path (tests always set it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';

export function shipyardHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIPYARD_HOME) return path.resolve(env.SHIPYARD_HOME);
  const xdg = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(xdg, 'shipyard');
}

/**
 * Creates `dir` (mode 0700) one level at a time. Node's recursive mkdir never returns on some paths
 * (`/proc/nope` spins at 100 % CPU); one level at a time, a folder that cannot be made is one line.
 */
export function ensureFolder(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  try {
    if (missing.length === 0 && !fs.statSync(at).isDirectory()) {
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    }
    for (const folder of missing) fs.mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserError(`Cannot use ${dir} for Shipyard's files (SHIPYARD_HOME): ${code}`);
  }
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(shipyardHome(env), 'config.json');
}

export function statePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(shipyardHome(env), 'state.db');
}
