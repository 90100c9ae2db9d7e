// `shipyard status [--json] [--watch]`: one line per project (its state and queue length) for a
// tmux status line or a script; --watch prints again whenever a queue changes.
import { cellsOf } from '../../cell-pad.js';
import { type ProjectStatus, projectStatus, statusLine } from '../../core/project-status.js';
import { ApprovalStore } from '../../store/approvals.js';
import type { CliEnv } from '../env.js';
import { type CliState, openState } from '../state.js';
import { onStop } from '../stop-signals.js';

export interface StatusOptions {
  json?: boolean;
  watch?: boolean;
}

function statuses(state: CliState, approvals: ApprovalStore): ProjectStatus[] {
  const intents = state.intents.list();
  // Approvals wait in the database, asked by whichever process runs the intent.
  const waiting = new Set(approvals.pending().map((approval) => approval.projectPath));
  return state.workspace.projects.map((project) =>
    projectStatus(project, intents, state.intents.isPaused(project.path), waiting.has(project.path)),
  );
}

function render(list: ProjectStatus[], json: boolean): string {
  if (json) return `${JSON.stringify(list)}\n`;
  const width = Math.max(0, ...list.map((status) => cellsOf(status.project)));
  return list.map((status) => `${statusLine(status, width)}\n`).join('');
}

export async function statusCommand(env: CliEnv, options: StatusOptions): Promise<void> {
  const json = options.json === true;
  const state = openState(env);
  const approvals = new ApprovalStore(env.db);
  let shown = render(statuses(state, approvals), json);
  process.stdout.write(shown);
  if (!options.watch) return;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const next = render(statuses(state, approvals), json);
      if (next === shown) return;
      shown = next;
      process.stdout.write(json ? next : `\n${next}`);
    }, 500);
    const stop = onStop(() => {
      clearInterval(timer);
      stop();
      resolve();
    });
  });
}
