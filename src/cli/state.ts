// The queue and context stores for a CLI command, with the workspace's projects recorded first (so
// intents and logs show display names in every process, the TUI's included).

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
  return {
    workspace,
    intents: new IntentStore(env.db),
    contexts: new ContextStore(env.db),
    project: (name) => findProject(workspace, name),
  };
}

/** `12` or `#12` as an intent id. */
export function parseIntentId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0)
    throw new UserError(`"${text}" is not an intent id (a number like 12)`);
  return id;
}

/** First line of an intent's text, clipped for one-line messages. */
export function clipText(text: string, max = 60): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
