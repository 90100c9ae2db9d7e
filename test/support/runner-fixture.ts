// A workspace of fake projects (the runner needs only paths) over a fresh state database, and a
// scripted `execute` that records when each intent ran.
import path from 'node:path';
import type { ExecuteIntent, IntentOutcome } from '../../src/core/runner.js';
import type { Workspace } from '../../src/model/project.js';
import { type Db, openDb } from '../../src/store/db.js';
import { IntentStore } from '../../src/store/intents.js';
import { makeTempDir } from './git-repos.js';

export interface RunnerFixture {
  home: string;
  file: string;
  db: Db;
  workspace: Workspace;
  intents: IntentStore;
  path(name: string): string;
}

export function runnerFixture(names: string[]): RunnerFixture {
  const home = makeTempDir('shipyard-runner-');
  const file = path.join(home, 'state.db');
  const db = openDb(file);
  const root = path.join(home, 'ws');
  const workspace: Workspace = {
    root,
    projects: names.map((name) => ({ name, path: path.join(root, name), pinned: false })),
  };
  return { home, file, db, workspace, intents: new IntentStore(db), path: (name) => path.join(root, name) };
}

export interface Run {
  id: number;
  text: string;
  project: string;
  waiting: number;
  start: number;
  end: number;
}

/** An execute that waits `ms` (or until aborted) and records each run; text "throw" throws, "fail" fails. */
export function recordingExecute(ms: number): { execute: ExecuteIntent; runs: Run[] } {
  const runs: Run[] = [];
  const execute: ExecuteIntent = async (intent, signal, context) => {
    const run: Run = {
      id: intent.id,
      text: intent.text,
      project: context.project.name,
      waiting: context.waiting,
      start: Date.now(),
      end: 0,
    };
    runs.push(run);
    if (intent.text === 'throw') throw new Error('the model endpoint vanished');
    const aborted = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), intent.text.startsWith('slow') ? 30_000 : ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    run.end = Date.now();
    const outcome: IntentOutcome = aborted
      ? { state: 'cancelled' }
      : intent.text === 'fail'
        ? { state: 'failed', error: 'tests still red' }
        : { state: 'done', summary: `did ${intent.text}` };
    return outcome;
  };
  return { execute, runs };
}

export { waitFor } from './wait.js';
