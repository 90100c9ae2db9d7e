// The commands of the queues and contexts (queue, intents, context, log, cancel, retry, steer, edit,
// move, delete, pause, resume, approve), registered in one place so main.ts stays a table of contents.
import type { Command } from 'commander';
import { cancelCommand } from './commands/cancel.js';
import { contextCompactCommand, contextResetCommand } from './commands/context.js';
import { editCommand, moveCommand, removeCommand, steerCommand } from './commands/edit.js';
import { intentsCommand } from './commands/intents.js';
import { logCommand } from './commands/log.js';
import { pauseCommand, resumeCommand } from './commands/pause.js';
import { type QueueOptions, queueCommand } from './commands/queue.js';
import type { RestoreOptions } from './commands/restore.js';
import { retryCommand } from './commands/retry.js';
import { withEnv } from './with-env.js';

export function registerIntentCommands(program: Command): void {
  program
    .command('queue')
    .description("add an intent to a project's queue and print its id")
    .argument(
      '[project]',
      'project name (with --projects: the first word of the text; with --review: an intent id)',
    )
    .argument('[text...]', 'what the agent should do (- reads it from stdin)')
    .option('--projects <names>', 'queue the same text in several projects (comma-separated)')
    .option('--from <names>', 'sibling projects to consult, as @references (comma-separated)')
    .option(
      '--review <text>',
      'with an intent id first: send this review comment on its change back to the agent',
    )
    .option('--lines <path:from-to>', "with --review: the lines of the intent's diff the comment is about")
    .option('--at <where>', 'with --review: front (the default) or end of the queue')
    .action(
      withEnv((env, project: string | undefined, text: string[], options: QueueOptions) =>
        queueCommand(env, project, text, options),
      ),
    );

  program
    .command('intents')
    .description('list the intents of the workspace: queued, running and finished')
    .option('--project <name>', 'only this project')
    .option('--state <states>', 'only these states (comma-separated: queued,running,done,failed,…)')
    .option('--json', 'print JSON')
    .action(
      withEnv((env, options: { project?: string; state?: string; json?: boolean }) =>
        intentsCommand(env, options),
      ),
    );

  const context = program.command('context').description("a project's living agent context");
  context
    .command('compact')
    .description('replace the older turns with a model-written summary now')
    .argument('<project>', 'project name')
    .action(withEnv((env, project: string) => contextCompactCommand(env, project)));
  context
    .command('reset')
    .description('end the context: the next intent starts fresh (the old one stays in the log)')
    .argument('<project>', 'project name')
    .action(withEnv((env, project: string) => contextResetCommand(env, project)));

  program
    .command('log')
    .description("print a project's whole context history (Markdown by default)")
    .argument('<project>', 'project name')
    .option('--md', 'print Markdown (the default)')
    .option('--json', 'print JSON, items whole')
    .option('--brief', 'Markdown with each tool output cut to its first lines')
    .action(
      withEnv((env, project: string, options: { md?: boolean; json?: boolean; brief?: boolean }) =>
        logCommand(env, project, options),
      ),
    );

  program
    .command('cancel')
    .description("cancel a project's running intent")
    .argument('<project>', 'project name')
    .action(withEnv((env, project: string) => cancelCommand(env, project)));

  program
    .command('retry')
    .description('re-queue a failed, interrupted or cancelled intent at the front of its queue')
    .argument('<id>', 'intent id')
    .action(withEnv((env, id: string) => retryCommand(env, id)));

  program
    .command('steer')
    .description("hand text to a project's running turn (it reads it at its next step)")
    .argument('<project>', 'project name')
    .argument('<text...>', 'what the agent should also know or do')
    .action(withEnv((env, project: string, text: string[]) => steerCommand(env, project, text)));

  program
    .command('approve')
    .description('answer the approval that waits in a project (without an answer: show it whole)')
    .argument('<project>', 'project name')
    .argument('[answer]', 'yes, no or always (yes for the rest of the intent)')
    .option('--request <n>', 'answer only this request (the number `shipyard approve PROJECT` shows)')
    .action(
      withEnv(async (env, project: string, answer: string | undefined, options: { request?: string }) => {
        const { approveCommand } = await import('./commands/approve.js');
        approveCommand(env, project, answer, options);
      }),
    );

  program
    .command('edit')
    .description('change the text of a queued intent')
    .argument('<id>', 'intent id')
    .argument('<text...>', 'the new text')
    .action(withEnv((env, id: string, text: string[]) => editCommand(env, id, text)));

  program
    .command('move')
    .description('move a queued intent one place up or down in its queue')
    .argument('<id>', 'intent id')
    .argument('<direction>', 'up or down')
    .action(withEnv((env, id: string, direction: string) => moveCommand(env, id, direction)));

  program
    .command('delete')
    .description('delete a queued or finished intent (a running one must be cancelled first)')
    .argument('<id>', 'intent id')
    .action(withEnv((env, id: string) => removeCommand(env, id)));

  program
    .command('restore')
    .description("bring back a project's files as they were before an intent (its snapshot)")
    .argument('<id>', 'intent id')
    .option('--files <paths>', 'only these files or folders (comma-separated)')
    .option('-y, --yes', 'restore without asking')
    .action(
      withEnv(async (env, id: string, options: RestoreOptions) => {
        const { restoreCommand } = await import('./commands/restore.js');
        await restoreCommand(env, id, options);
      }),
    );

  program
    .command('pause')
    .description("hold a project's queue (the running intent finishes)")
    .argument('<project>', 'project name')
    .action(withEnv((env, project: string) => pauseCommand(env, project)));

  program
    .command('resume')
    .description("let a paused project's queue go on")
    .argument('<project>', 'project name')
    .action(withEnv((env, project: string) => resumeCommand(env, project)));
}
