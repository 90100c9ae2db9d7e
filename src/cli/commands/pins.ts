// `shipyard add PATH` / `shipyard remove NAME`: pin projects that live outside the workspace folder.
import fs from 'node:fs';
import path from 'node:path';
import { isGitRepo } from '../../core/workspace.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';

export function addCommand(env: CliEnv, target: string): void {
  const abs = path.resolve(env.cwd, target);
  if (!fs.existsSync(abs)) throw new UserError(`No such folder: ${abs}`);
  if (!fs.statSync(abs).isDirectory()) throw new UserError(`Not a folder: ${abs}`);
  if (!isGitRepo(abs)) throw new UserError(`Not a git repository (no .git): ${abs}`);
  const real = fs.realpathSync(abs);
  env.settingsStore.update((settings) => ({
    ...settings,
    pinned: settings.pinned.includes(real) ? settings.pinned : [...settings.pinned, real],
  }));
  process.stdout.write(`Pinned ${path.basename(real)} (${real})\n`);
}

export function removeCommand(env: CliEnv, name: string): void {
  const pinned = env.settings.pinned;
  const match = pinned.find((pin) => path.basename(pin) === name || pin === path.resolve(env.cwd, name));
  if (!match) {
    const inWorkspace = env.workspace.projects.some((project) => project.name === name);
    if (inWorkspace) {
      throw new UserError(
        `"${name}" is in the workspace folder, not pinned: it cannot be removed (move or rename the folder)`,
      );
    }
    const names = pinned.map((pin) => path.basename(pin)).join(', ') || '(none)';
    throw new UserError(`No pinned project "${name}". Pinned: ${names}`);
  }
  env.settingsStore.update((settings) => ({
    ...settings,
    pinned: settings.pinned.filter((pin) => pin !== match),
  }));
  process.stdout.write(`Unpinned ${name}\n`);
}
