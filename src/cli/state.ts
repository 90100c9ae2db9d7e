// The queue and context stores for a CLI command, with the workspace's projects recorded first (so
// intents and logs show display names in every process, the TUI's included).

import { CoreActions } from '../core/actions.js';
import { UserError } from '../errors.js';
import type { Project, Workspace } from '../model/project.js';
import { findProject } from '../model/project.js';
import { ContextStore } from '../store/contexts.js';
import { IntentStore, rememberProjects } from '../store/intents.js';
import type { CliEnv } from './env.js';

export interface CliState {
  workspace: Workspace;
  intents: IntentStore;
  contexts: ContextStore;
  /** The project by name; an unknown name is a one-line error listing the known ones. */
  project(name: string): Project;
}

export function openState(env: CliEnv): CliState {
  const workspace = env.workspace;
  rememberProjects(env.db, workspace);
  const intents = new IntentStore(env.db);
  // A `shipyard ask` killed with -9 left its intent running: every command sees that at once.
  intents.reapOrphans();
  return {
    workspace,
    intents,
    contexts: new ContextStore(env.db),
    project: (name) => findProject(workspace, name),
  };
}

/** The actions the TUI has too, with the same rules and lines (no runner in this process). */
export function openActions(env: CliEnv): CoreActions {
  rememberProjects(env.db, env.workspace);
  return new CoreActions({ db: env.db, workspace: env.workspace, settings: () => env.settings });
}

/** `12` or `#12` as an intent id. */
export function parseIntentId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0)
    throw new UserError(`"${text}" is not an intent id (a number like 12)`);
  return id;
}

export { clipText } from '../core/actions.js';
