// The `shell` tool: one command in the project folder, in its own process group.
import { z } from 'zod';
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
});

export const shellTool = defineTool({
  name: 'shell',
  description:
    'Run a shell command in the project root and return its combined stdout/stderr (head and tail when long) ' +
    'and exit code. The command and everything it starts are killed on timeout or cancel, and background ' +
    'processes are killed when the command ends. Never interactive: stdin is closed.',
  parameters,
  kind: 'exec',
  describe: (args) => `shell ${oneLine(args.command)}`,
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
    const result = await runCommand({
      command: args.command,
      cwd: ctx.projectRoot,
      timeoutMs,
      signal: ctx.signal,
    });
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
    return {
      output: `${body}${tail}`,
      summary: `${label} → ${status}`,
      isError: result.cancelled || result.timedOut || result.exitCode === null,
    };
  },
});

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
}
