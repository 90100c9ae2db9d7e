// `shipyard [DIR]`: the full-screen grid.

import { WorkspaceController } from '../../core/workspace-controller.js';
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
  const controller = new WorkspaceController(workspace);
  const { renderApp } = await import('../../ui/render-app.js');
  const app = renderApp(controller.store, {
    refresh: (name) => {
      const project = workspace.projects.find((candidate) => candidate.name === name);
      if (project) void controller.refresh(project.path);
    },
  });
  // Names are on screen before any git process runs; statuses fill in after.
  void controller.start();
  try {
    await app.waitUntilExit();
  } finally {
    await controller.close();
    env.close();
  }
}
