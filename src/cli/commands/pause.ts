// `shipyard pause|resume PROJECT`: holds a project's queue (the running intent finishes) or lets it go on.
import type { CliEnv } from '../env.js';
import { openState } from '../state.js';

export function pauseCommand(env: CliEnv, name: string): void {
  const state = openState(env);
  const project = state.project(name);
  state.intents.pause(project.path);
  const waiting = state.intents.queuedCount(project.path);
  process.stdout.write(`Paused ${project.name}'s queue (${plural(waiting)} waiting).\n`);
}

export function resumeCommand(env: CliEnv, name: string): void {
  const state = openState(env);
  const project = state.project(name);
  state.intents.resume(project.path);
  const waiting = state.intents.queuedCount(project.path);
  process.stdout.write(`Resumed ${project.name}'s queue (${plural(waiting)} waiting).\n`);
}

function plural(n: number): string {
  return `${n} ${n === 1 ? 'intent' : 'intents'}`;
}
