// `shipyard serve --stdio`: the workspace's core and runner, headless, speaking the remote protocol
// (docs/remote.md) on stdin/stdout. When the client goes away (an SSH connection that dropped), the
// queues this process runs are worked to their end before it exits; a new connection starts a new
// `serve`, which shows that work live through the state database until the runner lease is free.
import os from 'node:os';
import { AppSession } from '../../core/app-session.js';
import type { PaneAlert } from '../../core/notify.js';
import { UserError } from '../../errors.js';
import { serve } from '../../remote/serve.js';
import { rememberProjects } from '../../store/projects.js';
import type { CliEnv } from '../env.js';

export async function serveCommand(
  env: CliEnv,
  options: { stdio?: boolean },
  version: string,
): Promise<void> {
  if (!options.stdio)
    throw new UserError('serve speaks on stdin/stdout: shipyard serve --stdio [--root DIR]');
  const protocolOut = process.stdout;
  // Only protocol lines go to stdout: anything a library prints goes to stderr.
  console.log = console.error;
  console.info = console.error;
  const workspace = env.workspace;
  rememberProjects(env.db, workspace);
  // The bell is the grid's: each alert goes to the client, whose terminal it is.
  let tell: ((alert: PaneAlert) => void) | undefined;
  const session = new AppSession({
    workspace,
    db: env.db,
    settings: () => env.settings,
    onAlert: (alert) => tell?.(alert),
  });
  session.start();
  const served = serve({
    session: { store: session.store, actions: session.actions },
    input: process.stdin,
    output: protocolOut,
    about: { version, host: os.hostname(), root: workspace.root },
  });
  tell = served.alert;
  let stopNow!: () => void;
  const stopped = new Promise<'stopped'>((resolve) => {
    stopNow = () => resolve('stopped');
  });
  const onSignal = () => stopNow();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A terminal that closed is a connection that dropped, not a reason to stop the agents.
  process.on('SIGHUP', () => {});
  try {
    const first = await Promise.race([served.closed, stopped]);
    // The client left: the agents this process runs go on until their queues are empty.
    if (first !== 'stopped' && session.runner.isActive) await Promise.race([session.runner.idle(), stopped]);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.close();
    process.stdin.destroy();
  }
}
