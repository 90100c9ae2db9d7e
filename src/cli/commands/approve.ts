// `shipyard approve PROJECT [yes|no|always] [--request N]`: the approval prompt of a pane, from a
// shell. Without an answer it prints what waits, whole, and changes nothing.
import { UserError } from '../../errors.js';
import { isApprovalAnswer } from '../../model/feed.js';
import { stripControls } from '../../sanitize.js';
import type { CliEnv } from '../env.js';
import { openActions } from '../state.js';

export function approveCommand(
  env: CliEnv,
  name: string,
  answer: string | undefined,
  options: { request?: string },
): void {
  const actions = openActions(env);
  const request = options.request === undefined ? undefined : Number(options.request);
  if (request !== undefined && (!Number.isInteger(request) || request <= 0))
    throw new UserError(`"${options.request}" is not a request number (shipyard approve ${name} shows it)`);
  if (answer === undefined) {
    const waiting = actions.waitingApproval(name); // refuses when nothing waits
    process.stdout.write(
      stripControls(
        `request ${waiting.id} of #${waiting.intentId} (${waiting.tool}) waits in ${actions.project(name).name}:\n` +
          `${waiting.detail.replace(/\n?$/, '\n')}` +
          `answer: shipyard approve ${name} yes|no|always --request ${waiting.id}\n`,
      ),
    );
    return;
  }
  if (!isApprovalAnswer(answer)) throw new UserError(`"${answer}" is not an answer: yes, no or always`);
  process.stdout.write(`${actions.approve(name, answer, request)}\n`);
}
