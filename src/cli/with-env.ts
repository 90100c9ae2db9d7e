// Wraps a command action: builds the CliEnv from the global options and always closes it.
import type { Command } from 'commander';
import { CliEnv, type GlobalOptions } from './env.js';

export const withEnv =
  <Args extends unknown[]>(run: (env: CliEnv, ...args: Args) => unknown) =>
  async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    const env = new CliEnv(command.optsWithGlobals<GlobalOptions>());
    try {
      await run(env, ...(args.slice(0, -1) as Args));
    } finally {
      env.close();
    }
  };
