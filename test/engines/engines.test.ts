// Codex and Claude Code as a project's engine, end to end and offline: the real `codex` binary
// (through @openai/codex-sdk) against the scripted Responses server, the real Claude Code (through
// @anthropic-ai/claude-agent-sdk) against the scripted Anthropic Messages server, driven by the app
// session as the TUI drives it. Both start in seconds on a loaded machine: each case allows minutes
// and waits for conditions.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { titleInfo } from '../../src/ui/pane-header.js';
import {
  closeEngineSession,
  doneCount,
  type EngineSetup,
  engineSetup,
  openEngineSession,
} from '../support/engine-session.js';
import { git, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { processesWith } from '../support/proc.js';
import { startScriptedAnthropic } from '../support/scripted-anthropic.js';
import { startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

/** One turn of the model: a command to run, a new file through the engine's own edit tool, or an answer; the tokens its response reports. */
type Turn = (
  | { command: string }
  | { create: { /** absolute */ file: string; text: string } }
  | { text: string }
) & {
  usage?: { input: number; output: number };
};

interface Server {
  baseURL: string;
  /** What the engine sent as the conversation of each request, as text. */
  conversations(): string[];
  close(): Promise<void>;
}

interface EngineCase {
  engine: 'codex' | 'claude';
  model: string;
  start(script: (index: number) => Turn): Promise<Server>;
  env(): NodeJS.ProcessEnv;
  /** A command that runs until killed, its shell's command line holding `marker` (a second command keeps the shell from exec'ing the first). */
  endless(marker: string): string;
  /** The engine's own state folder (its threads). */
  stateDir(env: NodeJS.ProcessEnv): string;
}

const cases: EngineCase[] = [
  {
    engine: 'codex',
    model: 'test-model',
    start: async (script) => {
      const server = await startScriptedServer((_request, index) => {
        const turn = script(index);
        const usage = turn.usage ? { usage: turn.usage } : {};
        // Codex takes an `apply_patch` run as a command as its own edit: a file_change item.
        const cmd =
          'create' in turn
            ? `apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: ${turn.create.file}\n+${turn.create.text}\n*** End Patch\nEOF`
            : 'command' in turn
              ? turn.command
              : undefined;
        return cmd !== undefined
          ? { toolCalls: [{ name: 'exec_command', arguments: { cmd } }], ...usage }
          : { text: (turn as { text: string }).text, ...usage };
      });
      return {
        baseURL: server.baseURL,
        conversations: () => server.requests.map((request) => JSON.stringify(request.body.input)),
        close: server.close,
      };
    },
    env: () => ({ CODEX_HOME: makeTempDir('shipyard-codex-state-') }),
    endless: (marker) => `sleep 37; echo stopped # ${marker}`,
    stateDir: (env) => env.CODEX_HOME!,
  },
  {
    engine: 'claude',
    model: 'claude-scripted',
    start: async (script) => {
      const server = await startScriptedAnthropic((_request, index) => {
        const turn = script(index);
        const usage = turn.usage ? { usage: turn.usage } : {};
        if ('create' in turn) {
          const input = { file_path: turn.create.file, content: `${turn.create.text}\n` };
          return { toolUses: [{ name: 'Write', input }], ...usage };
        }
        return 'command' in turn
          ? { toolUses: [{ name: 'Bash', input: { command: turn.command } }], ...usage }
          : { text: turn.text, ...usage };
      });
      return {
        baseURL: server.baseURL,
        conversations: () => server.requests.map((request) => JSON.stringify(request.body.messages)),
        close: server.close,
      };
    },
    env: () => ({
      CLAUDE_CONFIG_DIR: makeTempDir('shipyard-claude-state-'),
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    }),
    // Not `sleep`: Claude Code blocks a long foreground sleep.
    endless: (marker) => `tail -f /dev/null; echo stopped # ${marker}`,
    stateDir: (env) => env.CLAUDE_CONFIG_DIR!,
  },
];

let server: Server | undefined;
afterEach(async () => {
  await closeEngineSession();
  await server?.close();
  server = undefined;
  removeTempDirs();
});

describe.each(cases)('the $engine engine', { timeout: 180_000 }, (engine) => {
  const setup = (settings: Record<string, unknown> = {}): EngineSetup =>
    engineSetup(
      {
        engine: engine.engine,
        model: { baseURL: server!.baseURL, apiKey: 'test-key', model: engine.model },
        ...settings,
      },
      engine.env(),
    );
  const last = () => server!.conversations().at(-1) ?? '';

  it('commits exactly the file its own edit tool wrote, never what its command wrote (reported); the next intent resumes the thread, also after a restart', async () => {
    let api = '';
    server = await engine.start((index) =>
      index === 0
        ? { command: 'echo made > made.txt' }
        : index === 1
          ? { create: { file: path.join(api, 'patched.txt'), text: 'patched' } }
          : { text: index === 2 ? 'Made made.txt' : 'ok, noted' },
    );
    const s = setup({ commit: 'commit' });
    api = path.join(s.root, 'api');
    fs.writeFileSync(path.join(api, 'mine.txt'), "the user's own edit\n");
    const { pane, actions } = openEngineSession(s);
    expect(pane('api').engine).toBe(engine.engine);
    actions.submitIntent?.('api', 'make the file');
    await waitFor(() => doneCount(pane('api')) === 1, 90_000);
    expect(fs.readFileSync(path.join(api, 'made.txt'), 'utf8')).toBe('made\n');
    expect(git(api, ['show', '--name-only', '--format=%s', 'HEAD'])).toBe('Made made.txt\n\npatched.txt');
    // The command wrote straight into the project: that cannot be told from the user's edits.
    expect(git(api, ['status', '--porcelain'])).toBe('?? made.txt\n?? mine.txt');
    const lines = pane('api').lines.map((line) => `${line.kind}:${line.text}`);
    expect(lines).toContain(
      "info:not committed: made.txt: changed while an agent command ran without an overlay (the agent's or yours: Shipyard cannot tell); left for you to commit",
    );
    expect(lines).toContain('assistant:Made made.txt');
    expect(lines.some((line) => line.includes('echo made > made.txt'))).toBe(true);
    expect(pane('api').tokens?.input).toBeGreaterThan(0);

    actions.submitIntent?.('api', 'second: what did you do');
    await waitFor(() => doneCount(pane('api')) === 2, 90_000);
    expect(last()).toContain('make the file');
    expect(last()).toContain('Made made.txt');
    // What was left out reaches the engine with the next intent's text.
    expect(last()).toContain('The commit after intent #1 left out these files');

    // A new process on the same state: the thread id comes back from the project's context.
    await closeEngineSession();
    const again = openEngineSession(s);
    again.actions.submitIntent?.('api', 'third: and now');
    await waitFor(
      () => (again.pane('api').intents ?? []).some((i) => i.text.startsWith('third') && i.state === 'done'),
      90_000,
    );
    expect(last()).toContain('make the file');
    expect(last()).toContain('second: what did you do');
  });

  it("the header shows the context's fill: the last request's tokens against the engine's window, also after a restart; usage counts each turn once", async () => {
    const turns: Turn[] = [
      { command: 'echo one', usage: { input: 1000, output: 50 } },
      { text: 'ran it', usage: { input: 1600, output: 20 } },
      { text: 'noted', usage: { input: 1700, output: 20 } },
    ];
    server = await engine.start((index) => turns[index] ?? { text: 'no more' });
    // Codex takes Shipyard's window; Claude Code reports its model's own.
    const s = setup({
      commit: 'off',
      model: { baseURL: server.baseURL, apiKey: 'test-key', model: engine.model, contextWindow: 8000 },
    });
    const { pane, actions } = openEngineSession(s);
    actions.submitIntent?.('api', 'run one command');
    await waitFor(() => doneCount(pane('api')) === 1, 90_000);
    const window = pane('api').context?.window ?? 0;
    // Codex works with (and reports) 95 % of the window it is given.
    if (engine.engine === 'codex') expect(window).toBeGreaterThan(7000);
    if (engine.engine === 'codex') expect(window).toBeLessThanOrEqual(8000);
    else expect(window).toBeGreaterThan(8000);
    expect(pane('api').context?.tokens).toBe(1620);
    const label = `ctx ${Math.round((1620 / window) * 100)}%`;
    expect(titleInfo(pane('api'))).toContain(label);
    if (engine.engine === 'codex') expect(label).toMatch(/^ctx 2[01]%$/);
    expect(pane('api').tokens).toMatchObject({ input: 2600, output: 70 });

    actions.submitIntent?.('api', 'and again');
    await waitFor(() => doneCount(pane('api')) === 2, 90_000);
    expect(pane('api').context?.tokens).toBe(1720);
    // Codex reports the thread's running total per turn: counted as the turn's share, not again.
    expect(pane('api').tokens).toMatchObject({ input: 4300, output: 90 });

    await closeEngineSession();
    const again = openEngineSession(s);
    expect(again.pane('api').context).toMatchObject({ tokens: 1720, window });
    expect(titleInfo(again.pane('api'))).toContain(`ctx ${Math.round((1720 / window) * 100)}%`);
    expect(again.pane('api').tokens).toMatchObject({ input: 4300, output: 90 });
  });

  it("the engine's commands see no token, password or credential helper of the user's", async () => {
    server = await engine.start((index) =>
      index === 0 ? { command: 'env > seen-env.txt' } : { text: 'looked' },
    );
    const s = setup();
    s.env = {
      ...s.env,
      GITHUB_TOKEN: 'ghp-leaked-token',
      DB_PASSWORD: 'hunter2-leaked',
      SSH_AUTH_SOCK: '/tmp/leaked-agent.sock',
      SHIPYARD_VISIBLE_CHECK: 'plain-value',
    };
    const { pane, actions } = openEngineSession(s);
    actions.submitIntent?.('api', 'show the environment');
    await waitFor(() => doneCount(pane('api')) === 1, 90_000);
    const seen = fs.readFileSync(path.join(s.root, 'api', 'seen-env.txt'), 'utf8');
    expect(seen).toMatch(/^PATH=/m);
    for (const leaked of ['ghp-leaked-token', 'hunter2-leaked', 'leaked-agent.sock', 'plain-value'])
      expect(seen).not.toContain(leaked);
  });

  it('a thread the engine lost (its state folder cleared) goes on in a new one, and says so', async () => {
    server = await engine.start((index) => ({ text: `answer ${index}` }));
    const s = setup();
    const { pane, actions } = openEngineSession(s);
    actions.submitIntent?.('api', 'first');
    await waitFor(() => doneCount(pane('api')) === 1, 90_000);
    const state = engine.stateDir(s.env);
    for (const entry of fs.readdirSync(state))
      fs.rmSync(path.join(state, entry), { recursive: true, force: true });
    actions.submitIntent?.('api', 'second');
    await waitFor(() => doneCount(pane('api')) === 2 || pane('api').activity.kind === 'failed', 90_000);
    expect(pane('api').activity, JSON.stringify(pane('api').lines.slice(-4))).toMatchObject({ kind: 'done' });
    const lines = pane('api').lines.map((line) => line.text);
    expect(lines.some((line) => line.startsWith(`could not resume the ${engine.engine} thread`))).toBe(true);
    expect(last()).toContain('second');
    expect(last()).not.toContain('answer 0');
  });

  it('cancel stops the turn and the command it runs', async () => {
    const marker = `shipyard-cancel-${process.pid}`;
    server = await engine.start((index) =>
      index === 0 ? { command: engine.endless(marker) } : { text: 'too late' },
    );
    const { pane, actions } = openEngineSession(setup());
    actions.submitIntent?.('api', 'wait a while');
    const running = () => processesWith(marker).length > 0;
    await waitFor(() => running() || server!.conversations().length > 1, 90_000);
    expect(server.conversations()).toHaveLength(1);
    actions.cancel?.('api');
    await waitFor(() => pane('api').intents?.some((i) => i.state === 'cancelled') === true, 60_000);
    await waitFor(() => !running(), 30_000);
    expect(processesWith(marker)).toEqual([]);
  });

  it('under approval "ask" a command waits for the key: n refuses it, y runs it', async () => {
    const turns: Turn[] = [
      { command: 'touch refused.txt' },
      { text: 'refused, fine' },
      { command: 'touch approved.txt' },
      { text: 'ran it' },
    ];
    server = await engine.start((index) => turns[index] ?? { text: 'no more' });
    const s = setup({ approval: 'ask', commit: 'off' });
    const { pane, actions } = openEngineSession(s);
    const api = path.join(s.root, 'api');
    actions.submitIntent?.('api', 'this one is refused');
    await waitFor(() => pane('api').activity.kind === 'approval', 90_000);
    const activity = pane('api').activity;
    expect(activity.kind === 'approval' && activity.summary).toMatch(/touch refused\.txt/);
    actions.answerApproval?.('api', 'no');
    await waitFor(() => doneCount(pane('api')) === 1, 90_000);
    expect(fs.existsSync(path.join(api, 'refused.txt'))).toBe(false);
    expect(server.conversations()[1]).toContain('the user said no');

    actions.submitIntent?.('api', 'this one is approved');
    await waitFor(() => pane('api').activity.kind === 'approval', 90_000);
    expect(fs.existsSync(path.join(api, 'approved.txt'))).toBe(false);
    actions.answerApproval?.('api', 'yes');
    await waitFor(() => doneCount(pane('api')) === 2, 90_000);
    expect(fs.existsSync(path.join(api, 'approved.txt'))).toBe(true);
  });
});
