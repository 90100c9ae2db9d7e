// The commands of reviewing intents (diff, undo) and of knowing where to look (status).
import type { Command } from 'commander';
import { withEnv } from './with-env.js';

export function registerReviewCommands(program: Command): void {
  program
    .command('diff')
    .description('show what an intent committed (or staged): coloured, or a plain unified diff when piped')
    .argument('<id>', 'intent id')
    .option('--stat', 'files and +/− line counts only')
    .action(
      withEnv(async (env, id: string, options: { stat?: boolean }) => {
        const { diffCommand } = await import('./commands/diff.js');
        await diffCommand(env, id, options);
      }),
    );

  program
    .command('undo')
    .description('take an intent back: git revert its commit (or unstage what it staged); the agent is told')
    .argument('<id>', 'intent id')
    .option('--reason <text>', 'why, for the agent')
    .action(
      withEnv(async (env, id: string, options: { reason?: string }) => {
        const { undoCommand } = await import('./commands/undo.js');
        await undoCommand(env, id, options);
      }),
    );

  program
    .command('status')
    .description('one line per project: its state (working, needs approval, failed, …) and queue length')
    .option('--json', 'print JSON')
    .option('--watch', 'print again whenever something changes')
    .action(
      withEnv(async (env, options: { json?: boolean; watch?: boolean }) => {
        const { statusCommand } = await import('./commands/status.js');
        await statusCommand(env, options);
      }),
    );
}
