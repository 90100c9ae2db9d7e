// The running app follows the settings file's pins and discovery depth: `shipyard add`/`remove` in
// another shell (or an edit by hand) shows in the grid within a second, without a restart.
import fs from 'node:fs';
import type { Project, Workspace } from '../model/project.js';
import { settingsPath } from '../store/paths.js';
import { peekDiscovery } from '../store/settings-peek.js';
import { discoverProjects, discoveryOptions, pinsOf } from './workspace.js';

/** How often the file's stat is looked at (ms): polling sees a rename-replaced file, a watch may not. */
const POLL_MS = 250;

/**
 * Calls `changed` with the workspace's projects each time they differ after a settings change, and
 * `settingsChanged` after every change of the file; returns the stop.
 */
export function followDiscovery(
  workspace: Workspace,
  changed: (projects: Project[]) => void,
  env: NodeJS.ProcessEnv = process.env,
  pollMs = POLL_MS,
  settingsChanged?: () => void,
): () => void {
  const file = settingsPath(env);
  const key = (projects: Project[]) =>
    projects.map((project) => `${project.path}\n${project.name}`).join('\n');
  let last = key(workspace.projects);
  const check = () => {
    settingsChanged?.();
    // A file being edited may be half-written or invalid for a moment: the next change is read again.
    const discovery = peekDiscovery(env);
    if (!discovery) return;
    let projects: Project[];
    try {
      const options = discoveryOptions(discovery);
      projects = discoverProjects(workspace.root, pinsOf(options, workspace.root), options.depth);
    } catch {
      return; // the workspace folder went away: the panes say so already
    }
    const now = key(projects);
    if (now === last) return;
    last = now;
    changed(projects);
  };
  fs.watchFile(file, { interval: pollMs, persistent: false }, check);
  return () => fs.unwatchFile(file, check);
}
