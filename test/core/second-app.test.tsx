// An app on a workspace whose agents another process runs (`shipyard run`, the built CLI, as a real
// process): its title says so, what it queues runs there, and that work shows in its pane live.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
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

/**
 * A workspace of `names` whose agents `shipyard run` (the built CLI, a real process) runs against
 * `model`, with `config` as its settings file; returns once the runner holds the first project's lease.
 */
async function otherRunner(names: string[], model: ScriptedServer, config?: Record<string, unknown>) {
  const root = makeTempDir('shipyard-second-');
  for (const name of names) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  const home = makeTempDir('shipyard-home-');
  if (config) fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config));
  const env = {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: model.baseURL,
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
  const first = workspace.projects[0]!.path;
  await waitFor(() => readLease(db!, first)?.pid === runner!.pid, 20_000);
  return { root, env, workspace };
}

describe('a second app on the same workspace', () => {
  it('says in its title that another process runs the agents, and shows their work live', async () => {
    server = await startScriptedServer(() => ({ text: 'answered by the other process', delayMs: 100 }));
    const { env, workspace, root } = await otherRunner(['api'], server);

    const settings = settingsSchema.parse({});
    session = new AppSession({ workspace, db: db!, settings: () => settings, env, pollMs: 50 });
    session.start();
    const title = `agents run in another Shipyard (pid ${runner!.pid})`;
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

  it("shows another process's waiting approval (live and after a restart), rings for it, and answers it", async () => {
    server = await startScriptedServer((request) => {
      const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
      const last = messages.at(-1)!;
      if (last.role === 'tool') return { text: 'tool step over' };
      const file = String(last.content).includes('make the second file') ? 'second.txt' : 'first.txt';
      return { toolCalls: [{ name: 'shell', arguments: { command: `touch ${file}` } }] };
    });
    const { env, workspace } = await otherRunner(['api', 'web'], server, { approval: 'ask', commit: 'off' });
    const apiPath = workspace.projects.find((project) => project.name === 'api')!.path;

    const settings = settingsSchema.parse({ approval: 'ask', commit: 'off' });
    const bell: string[] = [];
    const open = () => {
      session = new AppSession({
        workspace,
        db: db!,
        settings: () => settings,
        env,
        pollMs: 50,
        terminal: { write: (chunk: string) => bell.push(chunk) },
      });
      session.start();
      session.actions.focusChanged?.('web');
    };
    open();
    const pane = (): PaneState => session!.store.get().panes.find((p) => p.project.name === 'api')!;

    // Live: the other process's agent asks; this app shows the prompt and rings (api is not focused).
    session!.actions.submitIntent?.('api', 'make the first file');
    await waitFor(() => pane().activity.kind === 'approval', 20_000, 'the approval in the pane');
    const asked = pane().activity;
    expect(asked.kind === 'approval' && asked.detail).toContain('touch first.txt');
    await waitFor(() => bell.length > 0, 5_000, 'the bell');
    expect(pane().attention).toBe(true);
    session!.actions.answerApproval?.('api', 'yes');
    await waitFor(() => pane().activity.kind === 'done', 20_000, 'the end');
    expect(fs.existsSync(path.join(apiPath, 'first.txt'))).toBe(true);
    expect(pane().lines.map((line) => `${line.kind}: ${line.text}`)).toContain('assistant: tool step over');

    // After a restart: the approval still waits in the pane (replayed), and a no from here refuses it.
    session!.actions.submitIntent?.('api', 'make the second file');
    await waitFor(() => pane().activity.kind === 'approval', 20_000, 'the second approval');
    await session!.close();
    open();
    expect(pane().activity.kind).toBe('approval');
    session!.actions.answerApproval?.('api', 'no');
    await waitFor(() => pane().activity.kind === 'done', 20_000, 'the second end');
    expect(fs.existsSync(path.join(apiPath, 'second.txt'))).toBe(false);
    expect(JSON.stringify(server.requests.at(-1)!.body)).toContain('the user declined this action');
    expect(session!.store.get().notice).toBeUndefined();
  }, 60_000);
});
