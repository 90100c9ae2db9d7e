// `shipyard ask PROJECT TEXT…`: run one intent now, headless, in the project's living context.

import { referencesFor } from '../../agent/reference-block.js';
import { createExecutor } from '../../core/intent-executor.js';
import { ModelError, ShipyardError, UserError } from '../../errors.js';
import { findProject } from '../../model/project.js';
import { IntentStore, rememberProjects } from '../../store/intents.js';
import { consoleSink, finishLine } from '../console-sink.js';
import type { CliEnv } from '../env.js';
import { onStop, type StopReason, stopExitCode } from '../stop-signals.js';

export async function askCommand(
  env: CliEnv,
  projectName: string,
  words: string[],
  options: { yes?: boolean },
): Promise<void> {
  const text = words.join(' ').trim();
  if (!text) throw new UserError('An intent needs some text: shipyard ask PROJECT TEXT…');
  const workspace = env.workspace;
  const project = findProject(workspace, projectName);
  rememberProjects(env.db, workspace);
  const intents = new IntentStore(env.db);
  const sink = consoleSink();
  // Headless, `--yes` is the user's approval of a run outside the sandbox too; without it there is none.
  if (options.yes) {
    sink.approve = async (intent, request) => {
      sink.info?.(intent, `approved by --yes: ${request.summary}`);
      return 'yes';
    };
  }
  const settings = env.settings;
  const execute = createExecutor({
    db: env.db,
    workspace,
    settings: () =>
      options.yes
        ? {
            ...settings,
            approval: settings.approval === 'ask' ? 'auto' : settings.approval,
            projects: withoutAsk(settings.projects),
          }
        : settings,
    sink,
    // An unknown `@name` fails the intent here, before any request reaches the model.
    references: referencesFor(() => settings, workspace),
  });
  const intent = intents.startNow(project.path, text);
  const controller = new AbortController();
  let stopped: StopReason | undefined;
  const unsubscribe = onStop((reason) => {
    stopped = reason;
    if (reason !== 'SIGINT') {
      // Marked now: should this process die before the turn unwinds, the project is not left blocked.
      intents.finish(intent.id, 'interrupted', { error: `shipyard ask was stopped (${reason})` });
      setTimeout(() => process.exit(stopExitCode[reason]), 3000).unref();
    }
    controller.abort();
  });
  // `shipyard cancel PROJECT` from another shell asks through the database; no runner is needed.
  const cancelPoll = setInterval(() => {
    if (intents.get(intent.id)?.cancelRequested) controller.abort();
  }, 300);
  let outcome: Awaited<ReturnType<typeof execute>>;
  try {
    outcome = await execute(intent, controller.signal, { project, waiting: 0 });
  } catch (error) {
    outcome = { state: 'failed', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearInterval(cancelPoll);
    unsubscribe();
  }
  intents.finish(intent.id, outcome.state, { error: outcome.error, summary: outcome.summary });
  if (stopped === 'EPIPE') {
    // The reader is gone (`| head -c1`): nothing to say, and no one to say it to.
    process.exitCode = stopExitCode.EPIPE;
    return;
  }
  process.stdout.write('\n');
  if (sink.usage.input || sink.usage.output) process.stderr.write(`${finishLine(sink)}\n`);
  if (stopped && stopped !== 'SIGINT')
    throw new ShipyardError(`stopped by ${stopped}`, stopExitCode[stopped]);
  if (outcome.state === 'cancelled') throw new ShipyardError('cancelled', 130);
  if (outcome.state === 'failed') throw new ModelError(outcome.error ?? 'the agent failed');
}

/** `--yes` approves everything headless, but a read-only project stays read-only. */
function withoutAsk<T extends { approval?: string }>(projects: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(projects).map(([name, project]) => [
      name,
      project.approval === 'ask' ? { ...project, approval: 'auto' } : project,
    ]),
  ) as Record<string, T>;
}
