// `shipyard add PATH [--global]` / `shipyard remove NAME`: pin projects that live outside the
// workspace folder, for this workspace (`workspaces[root].pinned`) or every one (`pinned`). Only
// that list changes in the settings file; the rest stays as the user wrote it.
import fs from 'node:fs';
import path from 'node:path';
import { isGitRepo } from '../../core/workspace.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';

export function addCommand(env: CliEnv, target: string, options: { global?: boolean } = {}): void {
  const abs = path.resolve(env.cwd, target);
  if (!fs.existsSync(abs)) throw new UserError(`No such folder: ${abs}`);
  if (!fs.statSync(abs).isDirectory()) throw new UserError(`Not a folder: ${abs}`);
  if (!isGitRepo(abs)) throw new UserError(`Not a git repository (no .git): ${abs}`);
  const real = fs.realpathSync(abs);
  const settings = env.settings;
  const root = env.workspace.root;
  const own = settings.workspaces[root]?.pinned ?? [];
  if (settings.pinned.includes(real) || (!options.global && own.includes(real))) {
    process.stdout.write(`${path.basename(real)} is pinned already (${real})\n`);
    return;
  }
  if (options.global) {
    env.settingsStore.edit('pinned', [...settings.pinned, real]);
    // Pinned everywhere now: the workspace's own pin of it is one too many.
    if (own.includes(real)) setWorkspacePins(env, root, without(own, real));
    process.stdout.write(`Pinned ${path.basename(real)} (${real}) in every workspace\n`);
    return;
  }
  setWorkspacePins(env, root, [...own, real]);
  process.stdout.write(`Pinned ${path.basename(real)} (${real}) in the workspace ${root}\n`);
}

export function removeCommand(env: CliEnv, name: string): void {
  const settings = env.settings;
  const root = env.workspace.root;
  const own = settings.workspaces[root]?.pinned ?? [];
  const byName = env.workspace.projects.find((project) => project.name === name && project.pinned)?.path;
  const asPath = path.resolve(env.cwd, name);
  const matches = (pin: string) =>
    pin === byName || pin === asPath || realOrSelf(pin) === realOrSelf(asPath) || path.basename(pin) === name;
  const mine = own.find(matches);
  const everywhere = settings.pinned.find(matches);
  if (!mine && !everywhere) {
    const inWorkspace = env.workspace.projects.some((project) => project.name === name);
    if (inWorkspace) {
      throw new UserError(
        `"${name}" is in the workspace folder, not pinned: it cannot be removed (move or rename the folder)`,
      );
    }
    const names = [...settings.pinned, ...own].map((pin) => path.basename(pin)).join(', ') || '(none)';
    throw new UserError(`No pinned project "${name}". Pinned: ${names}`);
  }
  if (mine) setWorkspacePins(env, root, without(own, mine));
  else env.settingsStore.edit('pinned', without(settings.pinned, everywhere!));
  process.stdout.write(`Unpinned ${name}${mine ? '' : ' (from every workspace)'}\n`);
}

/** The workspace's pins; without any its entry goes, and `workspaces` too when nothing is left. */
function setWorkspacePins(env: CliEnv, root: string, pins: string[]): void {
  // In place, so the workspaces keep the order the file has them in.
  const workspaces = { ...env.settings.workspaces, [root]: { pinned: pins } };
  if (!pins.length) delete workspaces[root];
  env.settingsStore.edit('workspaces', Object.keys(workspaces).length ? workspaces : undefined);
}

const without = (list: string[], item: string) => list.filter((entry) => entry !== item);

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
