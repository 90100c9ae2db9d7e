import { afterEach, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../src/core/workspace.js';
import { WorkspaceController } from '../../src/core/workspace-controller.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(removeTempDirs);

function fourRepos() {
  const root = makeTempDir('shipyard-controller-');
  for (const name of ['api', 'cli', 'web', 'worker'])
    createRepo({ parent: root, name, commits: [`first of ${name}`] });
  return openWorkspace({ root });
}

describe('WorkspaceController', () => {
  it('draws the first git read of the panes on screen in one notification', async () => {
    const workspace = fourRepos();
    const onScreen = workspace.projects.slice(0, 3).map((project) => project.path);
    const controller = new WorkspaceController(workspace, { readFirst: onScreen });
    const heard: string[][] = [];
    controller.store.subscribe(() =>
      heard.push(
        controller.store
          .get()
          .panes.filter((pane) => pane.git)
          .map((pane) => pane.project.name),
      ),
    );
    await controller.start({ watch: false });
    await controller.onScreenRead();
    // The off-screen pane's read may land in the same notification; none comes before all three.
    expect(heard[0]).toEqual(expect.arrayContaining(['api', 'cli', 'web']));
    expect(controller.store.get().panes.every((pane) => pane.git?.lastCommit)).toBe(true);
    await controller.close();
  });

  it('a read that finds what the pane shows changes nothing', async () => {
    const workspace = fourRepos();
    const controller = new WorkspaceController(workspace, { coalesceMs: 0 });
    await controller.start({ watch: false });
    const before = controller.store.get();
    let heard = 0;
    controller.store.subscribe(() => heard++);
    await controller.refresh(workspace.projects[0]!.path);
    expect(controller.store.get()).toBe(before);
    expect(heard).toBe(0);
    await controller.close();
  });
});
