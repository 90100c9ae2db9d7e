// What discovery needs from the settings file (pins, depth), read as plain JSON: the grid's first
// frame needs only that, and loading the validating store (conf, zod) costs more than drawing it.
import fs from 'node:fs';
import { settingsPath } from './paths.js';

export const DISCOVERY_DEPTH = 2;
export const DISCOVERY_MAX_DEPTH = 6;

/** The settings fields the workspace is found with (the validated `Settings` has this shape too). */
export interface DiscoverySettings {
  pinned: string[];
  workspaces: Record<string, { pinned: string[] }>;
  discovery: { depth: number };
}

const strings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The discovery fields when the file is missing or plain enough to trust; undefined when it is not
 * (unreadable, not JSON, a field of the wrong shape), so the caller validates it first and reports
 * the broken field before drawing anything.
 */
export function peekDiscovery(env: NodeJS.ProcessEnv = process.env): DiscoverySettings | undefined {
  let text: string;
  try {
    text = fs.readFileSync(settingsPath(env), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? { pinned: [], workspaces: {}, discovery: { depth: DISCOVERY_DEPTH } }
      : undefined;
  }
  try {
    const settings: unknown = JSON.parse(text);
    if (!isObject(settings)) return undefined;
    const { pinned = [], workspaces = {}, discovery = {} } = settings;
    if (!strings(pinned) || !isObject(workspaces) || !isObject(discovery)) return undefined;
    const perWorkspace: DiscoverySettings['workspaces'] = {};
    for (const [root, entry] of Object.entries(workspaces)) {
      if (!isObject(entry)) return undefined;
      const list = entry.pinned ?? [];
      if (!strings(list)) return undefined;
      perWorkspace[root] = { pinned: list };
    }
    const depth = discovery.depth ?? DISCOVERY_DEPTH;
    if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1 || depth > DISCOVERY_MAX_DEPTH)
      return undefined;
    return { pinned, workspaces: perWorkspace, discovery: { depth } };
  } catch {
    return undefined;
  }
}

/** `settings.hosts` as plain JSON for the grid's first frame (the store validates it right after). */
export function peekHosts(
  env: NodeJS.ProcessEnv = process.env,
): Record<string, { destination?: string; root?: string; command?: string; open?: boolean }> {
  try {
    const hosts = (JSON.parse(fs.readFileSync(settingsPath(env), 'utf8')) as { hosts?: unknown }).hosts;
    if (typeof hosts !== 'object' || hosts === null || Array.isArray(hosts)) return {};
    return Object.fromEntries(
      Object.entries(hosts).filter(
        ([, host]) => typeof host === 'object' && host !== null && !Array.isArray(host),
      ),
    );
  } catch {
    return {};
  }
}
