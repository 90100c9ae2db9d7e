// `shipyard ask PROJECT TEXT…` (or `-` for stdin): run one intent now, headless, in the project's
// living context. `--json` prints one event per line (docs/headless.md); exit codes: 0 done, 1 failed,
// 2 usage, 130 cancelled (Ctrl+C), 129/143 stopped by SIGHUP/SIGTERM.

import { resolveModel } from '../../agent/model-detect.js';
import { referencesFor } from '../../agent/reference-block.js';
import { startRunner } from '../../core/start-runner.js';
import { projectEngine } from '../../engines/missing.js';
import { ModelError, ShipyardError, UsageError } from '../../errors.js';
import type { ContextFill } from '../../model/feed.js';
import { intentRecord } from '../../model/intent.js';
import { type ApprovalPolicy, approvalPolicies } from '../../model/policies.js';
import { findProject, type Project } from '../../model/project.js';
import { ContextStore } from '../../store/contexts.js';
import { rememberProjects } from '../../store/intents.js';
import type { Settings } from '../../store/settings.js';
import { consoleSink, finishLine } from '../console-sink.js';
import type { CliEnv } from '../env.js';
import { intentText } from '../intent-text.js';
import { jsonSink } from '../json-sink.js';
import { onStop, type StopReason, stopExitCode } from '../stop-signals.js';

export interface AskOptions {
  yes?: boolean;
  json?: boolean;
  /** `-m NAME`: this call's model, above every other setting. */
  model?: string;
  /** `--approval POLICY`: this call's approval policy, for every project. */
  approval?: string;
}

export async function askCommand(
  env: CliEnv,
  projectName: string,
  words: string[],
  options: AskOptions,
): Promise<void> {
  const approval = parseApproval(options.approval);
  const model = options.model?.trim();
  if (options.model !== undefined && !model) throw new UsageError('--model needs a model name');
  const text = await intentText(words, 'shipyard ask PROJECT TEXT…');
  const workspace = env.workspace;
  const project = findProject(workspace, projectName);
  rememberProjects(env.db, workspace);
  const json = options.json ? jsonSink() : undefined;
  const sink = json ?? consoleSink();
  // Headless, `--yes` is the user's approval of a run outside the sandbox too; without it there is none.
  if (options.yes) {
    sink.approve = async (intent, request) => {
      if (json) json.write({ type: 'approval', tool: request.tool, summary: request.summary, answer: 'yes' });
      else sink.info?.(intent, `approved by --yes: ${request.summary}`);
      return 'yes';
    };
  }
  const settings = callSettings(env.settings, approval, options.yes === true);
  const modelEnv = model ? { ...process.env, SHIPYARD_MODEL: model } : process.env;
  // The runner every surface uses: it claims (starts) the intent, runs it and finishes it.
  const runner = startRunner({
    holder: 'ask',
    db: env.db,
    workspace,
    settings: () => settings,
    env: modelEnv,
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
  const exitCode =
    stopped && stopped !== 'SIGINT'
      ? stopExitCode[stopped]
      : outcome.state === 'cancelled'
        ? 130
        : outcome.state === 'failed'
          ? 1
          : 0;
  // runNow hands back the intent as saved at its end.
  if (json) {
    const record = intentRecord(outcome);
    const context = await contextFill(env, settings, project, json.reported, modelEnv);
    json.write({
      type: 'end',
      state: record.state,
      exitCode,
      intent: record,
      usage: { ...json.usage },
      ...(context ? { context } : {}),
    });
  } else {
    process.stdout.write('\n');
  }
  if (!json && (sink.usage.input || sink.usage.output)) process.stderr.write(`${finishLine(sink)}\n`);
  if (stopped && stopped !== 'SIGINT') throw new ShipyardError(`stopped by ${stopped}`, exitCode);
  if (outcome.state === 'cancelled') throw new ShipyardError('cancelled', 130);
  if (outcome.state === 'failed') throw new ModelError(outcome.error ?? 'the agent failed');
}

/**
 * The fill the pane's `ctx N%` shows: what an engine reported last, or Shipyard's own estimate of the
 * living context against the model's window (resolved once per process: the run resolved it already).
 */
async function contextFill(
  env: CliEnv,
  settings: Settings,
  project: Project,
  reported: ContextFill | undefined,
  modelEnv: NodeJS.ProcessEnv,
): Promise<(ContextFill & { percent: number }) | undefined> {
  let fill = reported;
  if (!fill && projectEngine(settings, project.name).engine === 'shipyard') {
    const resolved = await resolveModel(settings, project.name, modelEnv);
    if (resolved.ok)
      fill = {
        tokens: new ContextStore(env.db).tokenEstimate(project.path),
        window: resolved.config.contextWindow,
      };
  }
  if (!fill || fill.window <= 0) return undefined;
  return { ...fill, percent: Math.round((100 * fill.tokens) / fill.window) };
}

function parseApproval(value: string | undefined): ApprovalPolicy | undefined {
  if (value === undefined) return undefined;
  if (!(approvalPolicies as readonly string[]).includes(value)) {
    throw new UsageError(`--approval must be one of ${approvalPolicies.join(', ')}, not "${value}"`);
  }
  return value as ApprovalPolicy;
}

/**
 * This call's settings: `--approval` replaces every project's policy; `--yes` approves everything
 * headless (an `ask` policy becomes `auto`), but a read-only project stays read-only.
 */
function callSettings(settings: Settings, approval: ApprovalPolicy | undefined, yes: boolean): Settings {
  const policy = (current: ApprovalPolicy | undefined) => {
    const chosen = approval ?? current;
    return yes && chosen === 'ask' ? 'auto' : chosen;
  };
  return {
    ...settings,
    approval: policy(settings.approval) ?? 'auto',
    projects: Object.fromEntries(
      Object.entries(settings.projects).map(([name, project]) => {
        const { approval: own, ...rest } = project;
        const chosen = policy(own);
        return [name, chosen ? { ...rest, approval: chosen } : rest];
      }),
    ),
  };
}
