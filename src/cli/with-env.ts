// Wraps a command action: builds the CliEnv from the global options and always closes it.
import type { Command } from 'commander';
import type { CliEnv, GlobalOptions } from './env.js';

export const withEnv =
  <Args extends unknown[]>(run: (env: CliEnv, ...args: Args) => unknown) =>
  async (...args: unknown[]): Promise<void> => {
    const command = args.at(-1) as Command;
    // Loaded here, not at import: settings (conf, zod) are not on the grid's first-frame path.
    const { CliEnv } = await import('./env.js');
    const env = new CliEnv(command.optsWithGlobals<GlobalOptions>());
    try {
      await run(env, ...(args.slice(0, -1) as Args));
    } finally {
      env.close();
    }
  };
