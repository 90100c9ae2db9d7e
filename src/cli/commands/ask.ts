// `shipyard ask PROJECT TEXT…`: run one intent now, headless, in the project's living context.

import { referencesFor } from '../../agent/reference-block.js';
import { startRunner } from '../../core/start-runner.js';
import { ModelError, ShipyardError, UserError } from '../../errors.js';
import { findProject } from '../../model/project.js';
import { rememberProjects } from '../../store/intents.js';
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
  const sink = consoleSink();
  // Headless, `--yes` is the user's approval of a run outside the sandbox too; without it there is none.
  if (options.yes) {
    sink.approve = async (intent, request) => {
      sink.info?.(intent, `approved by --yes: ${request.summary}`);
      return 'yes';
    };
  }
  const settings = env.settings;
  // The runner every surface uses: it claims (starts) the intent, runs it and finishes it.
  const runner = startRunner({
    holder: 'ask',
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
  let stopped: StopReason | undefined;
  let unsubscribe = () => {};
  const outcome = await runner.runNow(project, text, (end) => {
    unsubscribe = onStop((reason) => {
      stopped = reason;
      if (reason === 'SIGINT') return end('cancel');
      // Marked now: should this process die before the turn unwinds, the project is not left blocked.
      end('stop', `shipyard ask was stopped (${reason})`);
      setTimeout(() => process.exit(stopExitCode[reason]), 3000).unref();
    });
  });
  unsubscribe();
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
