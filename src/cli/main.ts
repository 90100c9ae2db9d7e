// The `shipyard` command: the TUI by default, and every feature headless.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Command, CommanderError } from 'commander';
import { ShipyardError, UserError } from '../errors.js';
import { visibleName } from '../sanitize.js';
import type { AskOptions } from './commands/ask.js';
import { addCommand, removeCommand } from './commands/pins.js';
import type { GlobalOptions } from './env.js';
import { registerIntentCommands } from './intent-commands.js';
import { registerReviewCommands } from './review-commands.js';
import { guardOutput } from './stop-signals.js';
import { withEnv } from './with-env.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function buildProgram(): Command {
  const program = new Command('shipyard')
    .description('Run coding agents on many git repositories at once, side by side.')
    .version(version, '-v, --version')
    .option(
      '--root <dir>',
      'workspace folder (default: the parent of the repo you are in, or the current folder)',
    )
    .option(
      '--host <host[:dir]>',
      "open that host's workspace over ssh in the grid too (repeatable); with a command, run it there",
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--debug', 'show stack traces on errors')
    .argument('[dir]', 'workspace folder, or a repository in it to focus')
    .showHelpAfterError('(run shipyard --help for usage)')
    .exitOverride()
    .action(async (dir: string | undefined, _options, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      if (dir && !existsSync(path.resolve(process.env.INIT_CWD || process.cwd(), dir))) {
        throw new UserError(`no such folder or command: ${dir} (see shipyard --help)`);
      }
      const { tuiCommand } = await import('./commands/tui.js');
      await tuiCommand({ ...globals, root: globals.root ?? dir });
    });

  program
    .command('ls')
    .description('list the projects of the workspace with their git state')
    .option('--json', 'print JSON')
    .action(
      withEnv(async (env, options: { json?: boolean }) => {
        const { lsCommand } = await import('./commands/ls.js');
        await lsCommand(env, options);
      }),
    );

  program
    .command('add')
    .description('pin a repository that lives outside the workspace folder (to this workspace)')
    .argument('<path>', 'path of a git repository')
    .option('--global', 'pin it in every workspace')
    .action(
      withEnv((env, target: string, options: { global?: boolean }) => addCommand(env, target, options)),
    );

  program
    .command('remove')
    .description('unpin a project added with `shipyard add`')
    .argument('<name>', 'project name')
    .action(withEnv((env, name: string) => removeCommand(env, name)));

  program
    .command('ask')
    .description('run one intent now, headless, streaming the answer (like `codex exec`)')
    .argument('<project>', 'project name')
    .argument('<text...>', 'what the agent should do (- reads it from stdin)')
    .option('-y, --yes', 'approve every command and write (for projects whose approval policy is "ask")')
    .option('--json', 'print one JSON event per line (docs/headless.md)')
    .option('-m, --model <name>', 'the model for this call (above SHIPYARD_MODEL and settings)')
    .option('--approval <policy>', 'the approval policy for this call: auto, ask or read-only')
    .action(
      withEnv(async (env, project: string, text: string[], options: AskOptions) => {
        const { askCommand } = await import('./commands/ask.js');
        await askCommand(env, project, text, options);
      }),
    );

  registerIntentCommands(program);
  registerReviewCommands(program);

  program
    .command('run')
    .description('the headless runner: work the queues of the workspace (no TUI)')
    .option('--once', 'exit when every queue is empty')
    .action(
      withEnv(async (env, options: { once?: boolean }) => {
        const { runCommand } = await import('./commands/run.js');
        await runCommand(env, options);
      }),
    );

  program
    .command('mcp')
    .description(
      'serve the read-only reference tools (list_projects, search_project, …) as a stdio MCP server',
    )
    .option('--project <name>', 'the project the client works in (list_projects marks it)')
    .action(
      withEnv(async (env, options: { project?: string }) => {
        const { mcpCommand } = await import('./commands/mcp.js');
        await mcpCommand(env, { ...options, version });
      }),
    );

  program
    .command('doctor')
    .description('check Node, git, the sandbox, the settings, the state database and the model, with fixes')
    .option('--project <name>', "check this project's model and sandbox settings")
    .action(async (options: { project?: string }) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      await doctorCommand(options);
    });

  program
    .command('serve')
    .description("the workspace's core and runner, headless, for a remote grid (docs/remote.md)")
    .option('--stdio', 'speak the protocol on stdin/stdout (JSON lines)')
    .action(
      withEnv(async (env, options: { stdio?: boolean }) => {
        const { serveCommand } = await import('./commands/serve.js');
        await serveCommand(env, options, version);
      }),
    );

  const config = program.command('config').description('settings');
  config
    .command('path')
    .description('print the settings file path')
    .action(withEnv((env) => process.stdout.write(`${env.settingsStore.path}\n`)));
  config
    .command('show')
    .description('print the settings in effect (keys masked) and the model endpoint an agent would use')
    .option('--project <name>', "with this project's overrides")
    .action(
      withEnv(async (env, options: { project?: string }) => {
        const { configShowCommand } = await import('./commands/config.js');
        await configShowCommand(env, options);
      }),
    );

  return program;
}

async function main(argv: string[]): Promise<void> {
  const debug = argv.includes('--debug');
  guardOutput();
  try {
    const program = buildProgram();
    if (argv.includes('--host') || argv.some((arg) => arg.startsWith('--host='))) {
      const { runOnHost } = await import('./remote-verb.js');
      if (await runOnHost(program, argv)) return;
    }
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error, debug);
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version "errors" are normal exits; commander already printed its message. Anything
    // else it refuses (an unknown option, a missing argument) is a usage error: 2.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const prefix = error instanceof ShipyardError || error instanceof UserError ? '' : 'unexpected error: ';
  process.stderr.write(`shipyard: ${prefix}${visibleName(stripVTControlCharacters(message ?? ''))}\n`);
  return error instanceof ShipyardError ? error.exitCode : 1;
}

await main(process.argv);
