// Where Shipyard keeps its files. SHIPYARD_HOME overrides every path (tests always set it).
import os from 'node:os';
import path from 'node:path';

export function shipyardHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIPYARD_HOME) return path.resolve(env.SHIPYARD_HOME);
  const xdg = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(xdg, 'shipyard');
}

export function settingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(shipyardHome(env), 'config.json');
}

export function statePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(shipyardHome(env), 'state.db');
}
