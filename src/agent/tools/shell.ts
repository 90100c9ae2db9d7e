// The `shell` tool: one command in the project folder, in its own process group, fenced by the
// sandbox when one can run (src/sandbox/), with a scrubbed environment.
import { z } from 'zod';
import { fenceHint } from '../../sandbox/fence-hint.js';
import { gitRefusal, refusedGitCommand } from '../../sandbox/git-policy.js';
import { defineTool } from '../tool.js';
import { failure, oneLine } from './result.js';
import { runCommand } from './run-command.js';

/** The longest a command may run (one day): Node's timers fire at once past 2^31 ms, killing it early. */
export const MAX_COMMAND_TIMEOUT_MS = 24 * 60 * 60 * 1000;

const parameters = z.object({
  command: z.string().describe('A bash command, run with `bash -lc` in the project root. stdin is closed.'),
  timeout_ms: z
    .number()
    .optional()
    .describe('Kill the command after this many milliseconds (default from settings; at most one day).'),
  escalate_reason: z
    .string()
    .optional()
    .describe(
      'Only after a command failed at the sandbox (a write outside the project, the network): why this one ' +
        'command must run outside the sandbox. The user is asked to approve it; leave it out otherwise.',
    ),
});

export const shellTool = defineTool({
  name: 'shell',
  description:
    'Run a shell command in the project root and return its combined stdout/stderr (head and tail when long) ' +
    'and exit code. Commands run in a sandbox: only the project folder and /tmp are writable, .git is ' +
    'read-only (Shipyard commits your work), the network is off and credentials are hidden. The command and ' +
    'everything it starts are killed on timeout or cancel, and background processes are killed when the ' +
    'command ends. Never interactive: stdin is closed.',
  parameters,
  kind: 'exec',
  describe: (args) =>
    `shell ${oneLine(args.command)}${args.escalate_reason ? ` (outside the sandbox: ${oneLine(args.escalate_reason, 120)})` : ''}`,
  escalation: (args) => args.escalate_reason?.trim() || undefined,
  approvalDetail: (args) =>
    `shell\n${args.command}${args.escalate_reason ? `\n(outside the sandbox: ${args.escalate_reason})` : ''}`,
  async run(args, ctx) {
    const label = `shell ${oneLine(args.command, 60)}`;
    const asked = args.timeout_ms ?? ctx.commandTimeoutMs;
    const timeoutMs = Math.min(asked, MAX_COMMAND_TIMEOUT_MS);
    if (Number.isNaN(asked) || asked <= 0) {
      return failure(
        `timeout_ms must be a positive number of milliseconds, got ${asked}`,
        `${label} → bad timeout`,
      );
    }
    if (args.command.trim() === '') return failure('command is empty', `${label} → empty command`);
    const escalated = args.escalate_reason?.trim() !== undefined && args.escalate_reason.trim() !== '';
    const launch = ctx.sandbox?.launch(escalated);
    if (launch?.kind === 'refused') return failure(launch.message, `${label} → refused (no sandbox)`);
    const fenced = launch?.kind === 'fenced';
    if (ctx.sandbox) {
      const refusedGit = refusedGitCommand(args.command, !fenced);
      if (refusedGit)
        return failure(gitRefusal(refusedGit, !fenced), `${label} → refused (git ${refusedGit})`);
    }
    const layer = launch?.kind === 'fenced' ? launch.layer : undefined;
    if (!layer) await ctx.commandChanges?.before();
    const startedAt = Date.now();
    const result = await runCommand({
      command: args.command,
      cwd: ctx.projectRoot,
      timeoutMs,
      signal: ctx.signal,
      ...(launch ? { env: launch.env } : {}),
      ...(launch?.kind === 'fenced' ? { wrapper: { file: launch.file, args: launch.args } } : {}),
      ...(ctx.commandGroups ? { onSpawn: (pid: number) => ctx.commandGroups?.started(pid) } : {}),
    });
    if (result.pid !== undefined) ctx.commandGroups?.ended(result.pid);
    const merged = layer && ctx.sandbox ? ctx.sandbox.merge(layer) : undefined;
    await ctx.commandChanges?.after({ startedAt, endedAt: Date.now(), ...merged });
    const status = result.cancelled
      ? 'cancelled'
      : result.timedOut
        ? `timed out after ${seconds(timeoutMs)}`
        : result.exitSignal
          ? `killed by ${result.exitSignal}`
          : `exit ${result.exitCode}`;
    const tail = result.cancelled || result.timedOut ? `[${status}; process group killed]` : `[${status}]`;
    const body =
      result.output === ''
        ? '(no output)\n'
        : result.output.endsWith('\n')
          ? result.output
          : `${result.output}\n`;
    const hint =
      launch?.kind === 'fenced' && result.exitCode !== 0
        ? fenceHint(args.command, result.output, launch.policy)
        : undefined;
    const conflicts = merged?.conflicts.length
      ? `\n[sandbox: not applied, because the user changed them while the command ran: ${merged.conflicts.slice(0, 20).join(', ')}]`
      : '';
    return {
      output: `${body}${tail}${hint ? `\n${hint}` : ''}${conflicts}`,
      summary: `${label} → ${status}${escalated ? ' (outside the sandbox)' : ''}`,
      isError: result.cancelled || result.timedOut || result.exitCode === null,
    };
  },
});

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}
