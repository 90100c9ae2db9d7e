// `shipyard [DIR]`: the full-screen grid, with the workspace's queue runner in this process.
import { WorkspaceController } from '../../core/workspace-controller.js';
import { UserError } from '../../errors.js';
import { rememberProjects } from '../../store/projects.js';
import type { GlobalOptions } from '../env.js';

export async function tuiCommand(options: GlobalOptions): Promise<void> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UserError(
      'the grid needs a terminal (TTY); headless, use `shipyard ls`, `shipyard ask` or `shipyard run`',
    );
  }
  const { CliEnv } = await import('../env.js');
  const env = new CliEnv(options);
  const workspace = env.workspace;
  const controller = new WorkspaceController(workspace);
  // The first frame (every project's name) is drawn before the agent code (openai, tools) loads,
  // with no actions; they arrive a moment later.
  const { renderApp } = await import('../../ui/render-app.js');
  const app = renderApp(controller.store, {});
  await new Promise((resolve) => setImmediate(resolve));
  rememberProjects(env.db, workspace);
  const { AppSession } = await import('../../core/app-session.js');
  const session = new AppSession({
    workspace,
    db: env.db,
    settings: () => env.settings,
    controller,
    terminal: process.stdout,
  });
  app.setActions(session.actions); // redraws: the input now knows it can queue
  session.start();
  try {
    await app.waitUntilExit();
  } finally {
    await session.close();
    env.close();
  }
}
