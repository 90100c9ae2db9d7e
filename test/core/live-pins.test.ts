// The running app follows `shipyard add` / `remove` from another shell: a pane comes and goes, read
// and watched like the others, without a restart.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../src/core/app-session.js';
import { discoveryOptions, openWorkspace } from '../../src/core/workspace.js';
import { followDiscovery } from '../../src/core/workspace-follow.js';
import { type Db, openDb } from '../../src/store/db.js';
import { SettingsStore, settingsSchema } from '../../src/store/settings.js';
import { peekDiscovery } from '../../src/store/settings-peek.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { waitFor } from '../support/wait.js';

let session: AppSession | undefined;
let db: Db | undefined;
let stop: (() => void) | undefined;
afterEach(async () => {
  stop?.();
  await session?.close();
  session = undefined;
  db?.close();
  db = undefined;
  removeTempDirs();
});

describe('pins in the running app', () => {
  it('a pin added from another shell shows as a pane with its git state; removed, it goes', async () => {
    const root = makeTempDir('shipyard-live-');
    createRepo({ parent: root, name: 'api' });
    const tool = createRepo({ parent: makeTempDir('shipyard-elsewhere-'), name: 'tool' });
    tool.commit('tool works', { files: { 'a.txt': 'a\n' } });
    const home = makeTempDir('shipyard-home-');
    const env = { SHIPYARD_HOME: home, SHIPYARD_DETECT_PORTS: 'off' };
    const workspace = openWorkspace({ ...discoveryOptions(peekDiscovery(env)!), root });
    db = openDb(path.join(home, 'state.db'));
    const settings = settingsSchema.parse({});
    session = new AppSession({ workspace, db, settings: () => settings, env, pollMs: 50 });
    session.start();
    stop = followDiscovery(workspace, (projects) => session!.setProjects(projects), env, 50);
    const names = () => session!.store.get().panes.map((pane) => pane.project.name);
    expect(names()).toEqual(['api']);

    expect((await runCli(['add', tool.path, '--root', root], { env })).code).toBe(0);
    await waitFor(() => names().includes('tool'));
    expect(names()).toEqual(['api', 'tool']);
    await waitFor(() => session!.store.get().panes[1]!.git?.lastCommit?.subject === 'tool works');
    // The actions know it too: an intent can be queued there.
    expect(session.actions.submitIntent?.('tool', 'look around')).toBeUndefined();

    expect((await runCli(['remove', 'tool', '--root', root], { env })).code).toBe(0);
    await waitFor(() => !names().includes('tool'));
    expect(names()).toEqual(['api']);
  });

  it('a sandbox turned off by hand while the app runs shows as unsandboxed in the pane; turned on, it goes', async () => {
    const root = makeTempDir('shipyard-live-');
    createRepo({ parent: root, name: 'api' });
    const home = makeTempDir('shipyard-home-');
    const env = { SHIPYARD_HOME: home, SHIPYARD_DETECT_PORTS: 'off' };
    const store = new SettingsStore(env);
    const workspace = openWorkspace({ ...discoveryOptions(peekDiscovery(env)!), root });
    db = openDb(path.join(home, 'state.db'));
    session = new AppSession({ workspace, db, settings: () => store.read(), env, pollMs: 50 });
    session.start();
    stop = followDiscovery(
      workspace,
      (projects) => session!.setProjects(projects),
      env,
      50,
      () => session!.settingsChanged(),
    );
    const line = () => session!.store.get().panes[0]!.unsandboxed ?? '';
    await waitFor(() => session!.store.get().panes[0]!.git !== undefined);
    expect(line()).not.toContain('sandbox: off');

    fs.writeFileSync(store.path, JSON.stringify({ sandbox: { mode: 'off' } }));
    await waitFor(() => line().includes('(sandbox: off)'));
    expect(line()).toBe('unsandboxed: agent commands run without a fence (sandbox: off)');

    // Half-written (invalid) for a moment: the pane keeps what it said.
    fs.writeFileSync(store.path, '{"sandbox": {"mode": ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(line()).toContain('(sandbox: off)');

    fs.writeFileSync(store.path, JSON.stringify({ sandbox: { mode: 'workspace-write' } }));
    await waitFor(() => !line().includes('sandbox: off'));
  });
});
