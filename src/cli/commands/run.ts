import { stripVTControlCharacters } from 'node:util';
import type { AgentEvent } from '../../agent/events.js';
import { referencesFor } from '../../agent/reference-block.js';
import { SharedApprovals } from '../../core/shared-approvals.js';
import { startRunner } from '../../core/start-runner.js';
import { UserError } from '../../errors.js';
import type { Intent } from '../../model/intent.js';
import { stripControls } from '../../sanitize.js';
import { readLease } from '../../store/lease.js';
import { rememberProjects } from '../../store/projects.js';
import { toolLine } from '../console-sink.js';
import type { CliEnv } from '../env.js';
import { onStop, type StopReason, stopExitCode } from '../stop-signals.js';

export async function runCommand(env: CliEnv, options: { once?: boolean }): Promise<void> {
  const workspace = env.workspace;
  rememberProjects(env.db, workspace);
  const names = new Map(workspace.projects.map((project) => [project.path, project.name]));
  const partial = new Map<string, string>();
  const say = (intent: Intent, text: string) =>
    process.stdout.write(stripControls(`[${names.get(intent.projectPath)}] ${text}\n`));
  const flush = (intent: Intent) => {
    const rest = partial.get(intent.projectPath);
    if (rest?.trim()) say(intent, rest);
    partial.delete(intent.projectPath);
  };
  const info = (intent: Intent, line: string) => {
    flush(intent);
    say(intent, line);
  };
  // Unattended, an approval waits for `shipyard approve` (or an app on the workspace) to answer it.
  const approvals = new SharedApprovals({ db: env.db, intent: (id) => runner.intents.get(id) });
  // The runner every surface uses (the executor loads with the first intent).
  const runner = startRunner({
    holder: 'run',
    db: env.db,
    workspace,
    settings: () => env.settings,
    references: referencesFor(() => env.settings, workspace),
    sink: {
      start: (intent) => say(intent, `▶ #${intent.id} ${intent.text.split('\n')[0]}`),
      // Several projects stream at once: print whole lines, each with its project's name.
      event: (intent, event: AgentEvent) => {
        if (event.type === 'text') {
          const lines = (partial.get(intent.projectPath) ?? '') + stripVTControlCharacters(event.delta);
          const parts = lines.split('\n');
          partial.set(intent.projectPath, parts.pop() ?? '');
          for (const line of parts) say(intent, line);
        } else if (event.type === 'tool-end') {
          flush(intent);
          say(intent, toolLine(event));
        } else if (event.type === 'retrying') {
          say(intent, event.message);
        } else if (event.type === 'discard') {
          partial.delete(intent.projectPath);
        } else if (event.type === 'steer') {
          info(intent, `(steer) ${event.text}`);
        } else if (event.type === 'approval') {
          const name = names.get(intent.projectPath);
          info(intent, `needs approval: ${event.summary.split('\n')[0]} (shipyard approve ${name})`);
        } else if (event.type === 'approved') {
          say(intent, event.answer === 'no' ? 'refused' : 'approved');
        }
      },
      info,
      approve: (intent, request) => approvals.ask(intent, request),
    },
  });
  runner.on('change', ({ projectPath, intentId, state }) => {
    const intent = runner.intents.get(intentId);
    if (intent) flush(intent);
    const detail = intent?.error ? `: ${intent.error}` : '';
    process.stdout.write(stripControls(`[${names.get(projectPath)}] #${intentId} ${state}${detail}\n`));
  });
  runner.on('warning', (message) => process.stderr.write(`shipyard: ${message}\n`));
  let fatal: string | undefined;
  const stopped = new Promise<void>((resolve) =>
    runner.on('fatal', (message) => {
      fatal = message;
      resolve();
    }),
  );

  runner.start();
  const elsewhere = runner.elsewhere();
  if (elsewhere.length > 0) {
    const lease = readLease(env.db, elsewhere[0]!);
    const all = elsewhere.length === workspace.projects.length;
    const what = all
      ? 'the agents of this workspace'
      : `the agents of ${elsewhere.map((p) => names.get(p)).join(', ')}`;
    const line = `another Shipyard process (pid ${lease?.pid ?? '?'}) runs ${what}`;
    if (options.once && all) {
      await runner.stop();
      throw new UserError(line);
    }
    process.stderr.write(`waiting: ${line}\n`);
  }
  let unsubscribe = () => {};
  const stop = new Promise<StopReason>((resolve) => {
    unsubscribe = onStop(resolve);
  });
  const reason = await Promise.race([
    ...(options.once ? [runner.idle().then(() => undefined)] : []),
    stop,
    stopped.then(() => undefined),
  ]);
  // Running intents end `interrupted`, resumable; a reader that went away (`| head -1`) is no error.
  approvals.close();
  await runner.stop({ abort: true });
  unsubscribe();
  if (fatal) throw new UserError(fatal);
  if (reason === 'EPIPE') process.exitCode = stopExitCode.EPIPE;
}
