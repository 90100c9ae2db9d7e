// The one way to a runner with the agent behind it, for the app, `shipyard run` and `shipyard ask`:
// the executor (openai SDK, tools) loads when the first intent runs, not before, and every intent,
// queued or asked, is claimed, run, finished and its end saved by the same Runner code.
import { randomUUID } from 'node:crypto';
import { recoverFromCrash } from './crash-recovery.js';
import type { ExecutorOptions } from './intent-executor.js';
import { type ExecuteIntent, Runner } from './runner.js';

export interface RunnerSetup extends ExecutorOptions {
  /** Names the process kind in the lease holder id: `tui`, `run`, `ask`. */
  holder: string;
  /** Projects running at once; default the settings' `parallel`. */
  parallel?: number;
  pollMs?: number;
}

export function startRunner(setup: RunnerSetup): Runner {
  const { holder, parallel, pollMs, ...executorOptions } = setup;
  // What a Shipyard killed mid-command left (its commands, their layers) goes before anything runs,
  // even when this process finds nothing to run (`shipyard run --once` on an empty queue).
  recoverFromCrash(setup.db);
  let executor: Promise<ExecuteIntent> | undefined;
  const execute: ExecuteIntent = async (intent, signal, context) => {
    executor ??= import('./intent-executor.js').then(({ createExecutor }) => createExecutor(executorOptions));
    return (await executor)(intent, signal, context);
  };
  return new Runner({
    db: setup.db,
    workspace: setup.workspace,
    execute,
    holderId: `${holder}-${process.pid}-${randomUUID().slice(0, 8)}`,
    parallel: parallel ?? setup.settings().parallel,
    ...(pollMs !== undefined ? { pollMs } : {}),
  });
}
