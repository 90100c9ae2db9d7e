// The Codex engine end to end: the real `codex` binary (the SDK's npm dependency) driven through
// @openai/codex-sdk by the app session, against the scripted Responses server, offline.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../src/core/app-session.js';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { type Db, openDb } from '../../src/store/db.js';
import { type Settings, settingsSchema } from '../../src/store/settings.js';
import { createRepo, git, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, type ScriptedTurn, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
let session: AppSession | undefined;
let db: Db | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  db?.close();
  db = undefined;
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const shell = (cmd: string): ScriptedTurn => ({ toolCalls: [{ name: 'exec_command', arguments: { cmd } }] });
/** What Codex sent as the conversation, as text (the developer prompt left out). */
const inputText = (body: Record<string, unknown>) => JSON.stringify(body.input);

interface Setup {
  root: string;
  home: string;
  codexHome: string;
  settings: Settings;
}

function setup(settings: Partial<Settings> = {}): Setup {
  const root = makeTempDir('shipyard-codex-ws-');
  for (const name of ['api', 'web']) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  const parsed = settingsSchema.parse({
    engine: 'codex',
    model: { baseURL: server!.baseURL, apiKey: 'test-key', model: 'test-model' },
    ...settings,
  });
  return {
    root,
    home: makeTempDir('shipyard-codex-home-'),
    codexHome: makeTempDir('shipyard-codex-state-'),
    settings: parsed,
  };
}

function open(s: Setup) {
  db = openDb(path.join(s.home, 'state.db'));
  session = new AppSession({
    workspace: openWorkspace({ root: s.root }),
    db,
    settings: () => s.settings,
    env: { CODEX_HOME: s.codexHome, SHIPYARD_HOME: s.home },
    terminal: { write: () => {} },
    pollMs: 50,
  });
  session.start();
  const pane = (name: string): PaneState => session!.store.get().panes.find((p) => p.project.name === name)!;
  return { pane, actions: session.actions };
}

const doneCount = (pane: PaneState) => pane.intents?.filter((i) => i.state === 'done').length ?? 0;

describe('the codex engine', () => {
  it('runs a command, and Shipyard commits exactly the file it wrote; the next intent resumes the thread, also after a restart', async () => {
    server = await startScriptedServer((_request, index) =>
      index === 0 ? shell('echo made > made.txt') : { text: index === 1 ? 'Made made.txt' : 'ok, noted' },
    );
    const s = setup({ commit: 'commit' });
    fs.writeFileSync(path.join(s.root, 'api', 'mine.txt'), "the user's own edit\n");
    const { pane, actions } = open(s);
    actions.submitIntent?.('api', 'make the file');
    await waitFor(() => doneCount(pane('api')) === 1, 30_000);
    const api = path.join(s.root, 'api');
    expect(fs.readFileSync(path.join(api, 'made.txt'), 'utf8')).toBe('made\n');
    expect(git(api, ['show', '--name-only', '--format=%s', 'HEAD'])).toBe('Made made.txt\n\nmade.txt');
    expect(git(api, ['status', '--porcelain'])).toBe('?? mine.txt');
    const lines = pane('api').lines.map((line) => `${line.kind}:${line.text}`);
    expect(lines).toContain('assistant:Made made.txt');
    expect(lines.some((line) => line.includes('echo made > made.txt'))).toBe(true);

    actions.submitIntent?.('api', 'second: what did you do');
    await waitFor(() => doneCount(pane('api')) === 2, 30_000);
    const second = inputText(server.requests.at(-1)!.body);
    expect(second).toContain('make the file');
    expect(second).toContain('Made made.txt');

    // A new process on the same state: the thread id comes back from the project's context.
    await session!.close();
    db!.close();
    const again = open(s);
    again.actions.submitIntent?.('api', 'third: and now');
    await waitFor(
      () => (again.pane('api').intents ?? []).some((i) => i.text.startsWith('third') && i.state === 'done'),
      30_000,
    );
    const third = inputText(server.requests.at(-1)!.body);
    expect(third).toContain('make the file');
    expect(third).toContain('second: what did you do');
  });

  it('cancel stops the turn and the command it runs', async () => {
    const marker = `sleep 37.${process.pid}`;
    server = await startScriptedServer((request) =>
      inputText(request.body).includes('function_call_output') ? { text: 'too late' } : shell(marker),
    );
    const s = setup();
    const { pane, actions } = open(s);
    actions.submitIntent?.('api', 'wait a while');
    const running = () => processesWith(marker).length > 0;
    await waitFor(running, 30_000);
    actions.cancel?.('api');
    await waitFor(() => pane('api').intents?.some((i) => i.state === 'cancelled') === true, 15_000);
    await waitFor(() => !running(), 10_000);
    expect(processesWith(marker)).toEqual([]);
  });

  it('under approval "ask" a command waits for the key: n refuses it, y runs it', async () => {
    const turns = [
      shell('touch refused.txt'),
      { text: 'refused, fine' },
      shell('touch approved.txt'),
      { text: 'ran it' },
    ];
    server = await startScriptedServer((_request, index) => turns[index] ?? { text: 'no more' });
    const s = setup({ approval: 'ask', commit: 'off' });
    const { pane, actions } = open(s);
    const api = path.join(s.root, 'api');
    actions.submitIntent?.('api', 'this one is refused');
    await waitFor(() => pane('api').activity.kind === 'approval', 30_000);
    const activity = pane('api').activity;
    expect(activity.kind === 'approval' && activity.summary).toMatch(/touch refused\.txt/);
    actions.answerApproval?.('api', 'no');
    await waitFor(() => doneCount(pane('api')) === 1, 30_000);
    expect(fs.existsSync(path.join(api, 'refused.txt'))).toBe(false);
    expect(JSON.stringify(server.requests[1]!.body.input)).toContain('the user said no');

    actions.submitIntent?.('api', 'this one is approved');
    await waitFor(() => pane('api').activity.kind === 'approval', 30_000);
    expect(fs.existsSync(path.join(api, 'approved.txt'))).toBe(false);
    actions.answerApproval?.('api', 'yes');
    await waitFor(() => doneCount(pane('api')) === 2, 30_000);
    expect(fs.existsSync(path.join(api, 'approved.txt'))).toBe(true);
  });
});

/** Pids whose command line contains `text` (read from /proc, so any pid namespace's are seen). */
function processesWith(text: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text) && !cmdline.includes('vitest')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
