// `shipyard restore ID [--files a,b] [--yes]`: the project's files as they were before intent ID,
// from its snapshot. Shows what will change and asks once; commits made since are left alone.
import { createInterface } from 'node:readline/promises';
import {
  applyIntentRestore,
  describeRestore,
  planIntentRestore,
  replanIntentRestore,
} from '../../core/restore-intent.js';
import { UserError } from '../../errors.js';
import type { CliEnv } from '../env.js';
import { openState, parseIntentId } from '../state.js';

export interface RestoreOptions {
  files?: string;
  yes?: boolean;
}

export async function restoreCommand(env: CliEnv, idText: string, options: RestoreOptions): Promise<void> {
  const state = openState(env);
  const files = options.files
    ?.split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  if (options.files !== undefined && !files?.length) throw new UserError('--files needs file names (a,b)');
  let restore = await planIntentRestore(state.intents, parseIntentId(idText), files);
  const { intent, plan } = restore;
  if (plan.changes.length === 0) {
    process.stdout.write(`Nothing to restore: the files are as they were before #${intent.id}.\n`);
    return;
  }
  process.stdout.write(`In ${intent.project}, back to before #${intent.id}:\n`);
  for (const line of describeRestore(plan)) process.stdout.write(`  ${line}\n`);
  if (!options.yes) {
    if (!process.stdin.isTTY) throw new UserError('not restored: add --yes to restore without a question');
    const count = plan.changes.length;
    if (!(await confirm(`Restore ${count} ${count === 1 ? 'file' : 'files'}? [y/N] `))) {
      process.stdout.write('Nothing changed.\n');
      return;
    }
    // The question may have waited a long time: what was said yes to must still be what happens.
    const again = await replanIntentRestore(state.intents, restore);
    if (again.changed) {
      throw new UserError(
        'the files changed while you were asked: nothing restored (run it again for the plan as it is now)',
      );
    }
    restore = again.restore;
  }
  const line = await applyIntentRestore(state, restore);
  process.stdout.write(`${line[0]!.toUpperCase()}${line.slice(1)}.\n`);
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
