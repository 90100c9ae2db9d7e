// The pinned paths from the settings file, read as plain JSON: the grid's first frame needs only
// them, and loading the validating store (conf, zod) costs more than drawing the frame.
import fs from 'node:fs';
import { settingsPath } from './paths.js';

/**
 * `settings.pinned` when the file is missing or plain enough to trust; undefined when it is not
 * (unreadable, not JSON, `pinned` not a list of strings), so the caller validates it first and
 * reports the broken field before drawing anything.
 */
export function peekPinned(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(settingsPath(env), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? [] : undefined;
  }
  try {
    const settings: unknown = JSON.parse(text);
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return undefined;
    const pinned = (settings as { pinned?: unknown }).pinned;
    if (pinned === undefined) return [];
    return Array.isArray(pinned) && pinned.every((p) => typeof p === 'string') ? pinned : undefined;
  } catch {
    return undefined;
  }
}
