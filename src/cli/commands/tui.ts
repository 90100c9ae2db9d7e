// `shipyard [DIR]`: the full-screen grid, with the workspace's queue runner in this process.
import { AppSession } from '../../core/app-session.js';
import { UserError } from '../../errors.js';
import { rememberProjects } from '../../store/projects.js';
import type { CliEnv } from '../env.js';

export async function tuiCommand(env: CliEnv): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'the grid needs a terminal (TTY); headless, use `shipyard ls`, `shipyard ask` or `shipyard run`',
    );
  }
  const workspace = env.workspace;
  rememberProjects(env.db, workspace);
  const session = new AppSession({ workspace, db: env.db, settings: () => env.settings });
  const { renderApp } = await import('../../ui/render-app.js');
  const app = renderApp(session.store, session.actions);
  // Names are on screen before any git process runs; statuses and conversations fill in after.
  session.start();
  try {
    await app.waitUntilExit();
  } finally {
    await session.close();
    env.close();
  }
}
