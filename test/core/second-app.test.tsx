// An app on a workspace whose agents another process runs (`shipyard run`, the built CLI, as a real
// process): its title says so, what it queues runs there, and that work shows in its pane live.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../src/core/app-session.js';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { type Db, openDb } from '../../src/store/db.js';
import { readLease } from '../../src/store/lease.js';
import { settingsSchema } from '../../src/store/settings.js';
import { TopBar } from '../../src/ui/bars.js';
import { cliEntry, nodeBin } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
let session: AppSession | undefined;
let db: Db | undefined;
let runner: ChildProcess | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  runner?.kill('SIGKILL');
  runner = undefined;
  db?.close();
  db = undefined;
  await server?.close();
  server = undefined;
  removeTempDirs();
});

describe('a second app on the same workspace', () => {
  it('says in its title that another process runs the agents, and shows their work live', async () => {
    const root = makeTempDir('shipyard-second-');
    const repo = createRepo({ parent: root, name: 'api' });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
    server = await startScriptedServer(() => ({ text: 'answered by the other process', delayMs: 100 }));
    const home = makeTempDir('shipyard-home-');
    const env = {
      SHIPYARD_HOME: home,
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_API_KEY: 'k',
      SHIPYARD_MODEL: 'm',
      SHIPYARD_API: 'chat',
    };
    runner = spawn(nodeBin, [cliEntry, 'run', '--root', root], {
      env: { ...process.env, INIT_CWD: '', ...env },
      stdio: 'ignore',
    });
    db = openDb(path.join(home, 'state.db'));
    const workspace = openWorkspace({ root });
    const apiPath = workspace.projects[0]!.path;
    await waitFor(() => readLease(db!, apiPath)?.pid === runner!.pid, 20_000);

    const settings = settingsSchema.parse({});
    session = new AppSession({ workspace, db, settings: () => settings, env, pollMs: 50 });
    session.start();
    const title = `agents run in another Shipyard (pid ${runner.pid})`;
    await waitFor(() => session!.store.get().elsewhere === title);
    const { lastFrame, unmount } = render(
      <TopBar width={120} root={root} projects={1} elsewhere={session.store.get().elsewhere} />,
    );
    expect(lastFrame()).toContain(`1 project · ${title}`);
    unmount();
    expect(session.store.get().notice).toBeUndefined();

    const pane = (): PaneState => session!.store.get().panes[0]!;
    session.actions.submitIntent?.('api', 'say something');
    session.actions.submitIntent?.('api', 'and again');
    await waitFor(() => pane().lines.some((line) => line.text === 'answered by the other process'), 20_000);
    await waitFor(() => pane().intents?.filter((intent) => intent.state === 'done').length === 2, 20_000);
    await waitFor(() => pane().activity.kind === 'done');
    expect(pane().lines.map((line) => `${line.kind}: ${line.text}`)).toEqual([
      'user: say something',
      'assistant: answered by the other process',
      'user: and again',
      'assistant: answered by the other process',
    ]);
    expect(pane().intents?.map((intent) => intent.text)).toEqual(['say something', 'and again']);
  }, 60_000);
});
