// What the agent's commit holds while the user works beside it (issue 15, finding 1): the user
// edits, creates and deletes files while the agent's command runs. In the sandbox the command runs
// on an overlay, so exactly its own writes are the agent's; without one nothing a command did can be
// told from the user's work, so none of it is committed: it is left in the tree and reported.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { removeTempDirs } from '../support/git-repos.js';
import { pathWithoutBwrap, removeOutsideDirs, setup, shell } from '../support/sandbox-fixtures.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
  removeOutsideDirs();
});

// The agent writes one file and deletes one, waits until the user has done their part ($HOME/go:
// the overlay need not show files made in the project after it was mounted), then appends to a
// file the user also edited meanwhile.
const AGENT_COMMAND =
  'echo agent > agent.txt; rm gone.txt; ' +
  'while [ ! -e "$HOME/go" ]; do sleep 0.05; done; echo agent >> both.txt; echo done';

function prepare() {
  const fixture = setup();
  fixture.app.commit('files', {
    files: { 'user.txt': 'a\n', 'del.txt': 'b\n', 'both.txt': 'base\n', 'gone.txt': 'g\n' },
  });
  return fixture;
}

function userWorks(project: string, home: string): void {
  fs.appendFileSync(path.join(project, 'user.txt'), 'EDIT\n');
  fs.writeFileSync(path.join(project, 'user_new.txt'), 'n\n');
  fs.rmSync(path.join(project, 'del.txt'));
  fs.appendFileSync(path.join(project, 'both.txt'), 'user\n');
  fs.writeFileSync(path.join(home, 'go'), '');
}

describe("the agent's commit while the user works beside it", () => {
  it('in the sandbox: exactly the command’s own writes; a file both changed is left out and reported', async () => {
    const { root, app, env, home } = prepare();
    server = await startScriptedServer([{ toolCalls: [shell(AGENT_COMMAND)] }, { text: 'Agent work' }]);
    const ask = runCli(['ask', 'app', 'work', '--root', root], {
      env: { ...env, OPENAI_BASE_URL: server.baseURL },
      timeoutMs: 60_000,
    });
    // The command's writes sit in its overlay layer until it ends: the project does not see them yet.
    const layers = path.join(env.SHIPYARD_HOME!, 'overlays');
    const upper = () =>
      fs.existsSync(layers)
        ? fs.readdirSync(layers).map((layer) => path.join(layers, layer, 'upper', 'agent.txt'))
        : [];
    await waitFor(() => upper().some((file) => fs.existsSync(file)), 30_000, 'the command to write');
    expect(fs.existsSync(path.join(app.path, 'agent.txt'))).toBe(false);
    userWorks(app.path, home);
    const result = await ask;
    expect(result.code).toBe(0);

    expect(app.git('log', '-1', '--format=%s')).toBe('Agent work');
    expect(app.git('show', '--name-status', '--format=', 'HEAD').split('\n').sort()).toEqual([
      'A\tagent.txt',
      'D\tgone.txt',
    ]);
    // The user's work is theirs, uncommitted; both.txt keeps the user's edit, not the agent's.
    expect(fs.readFileSync(path.join(app.path, 'user.txt'), 'utf8')).toBe('a\nEDIT\n');
    expect(fs.readFileSync(path.join(app.path, 'both.txt'), 'utf8')).toBe('base\nuser\n');
    expect(app.git('status', '--porcelain').split('\n').sort()).toEqual([
      ' D del.txt',
      ' M both.txt',
      ' M user.txt',
      '?? user_new.txt',
    ]);
    expect(result.stdout).toContain("not applied: both.txt: you changed it while the agent's command ran");
    expect(server.requests[1]!.raw.toString()).toContain('not applied, because the user changed them');
    // The layer is gone once merged.
    expect(fs.readdirSync(layers)).toEqual([]);
  }, 60_000);

  it('unfenced (`sandbox: off`, the issue’s repro): nothing of the user’s is committed, nor what the command wrote; both are reported, also to the model', async () => {
    const { root, app, env, home } = prepare();
    fs.writeFileSync(path.join(env.SHIPYARD_HOME!, 'config.json'), JSON.stringify({ sandbox: 'off' }));
    server = await startScriptedServer([
      { toolCalls: [shell(AGENT_COMMAND)] },
      { text: 'Agent work' },
      { text: 'Noted' },
    ]);
    const cli = (text: string) =>
      runCli(['ask', 'app', text, '--root', root], {
        env: { ...env, OPENAI_BASE_URL: server!.baseURL },
        timeoutMs: 60_000,
      });
    const ask = cli('work');
    // Unfenced, the command writes straight into the project; the user works while it waits.
    await waitFor(() => fs.existsSync(path.join(app.path, 'agent.txt')), 30_000, 'the command to write');
    userWorks(app.path, home);
    const result = await ask;
    expect(result.code).toBe(0);

    expect(app.git('log', '-1', '--format=%s')).toBe('files');
    expect(app.git('status', '--porcelain').split('\n').sort()).toEqual([
      ' D del.txt',
      ' D gone.txt',
      ' M both.txt',
      ' M user.txt',
      '?? agent.txt',
      '?? user_new.txt',
    ]);
    expect(fs.readFileSync(path.join(app.path, 'both.txt'), 'utf8')).toBe('base\nuser\nagent\n');
    const maybe = "(the agent's or yours: Shipyard cannot tell); left for you to commit";
    expect(result.stdout).toContain(
      `not committed: agent.txt: changed while an agent command ran without an overlay ${maybe}`,
    );
    expect(result.stdout).toContain(
      `not committed: gone.txt: deleted while an agent command ran without an overlay ${maybe}`,
    );
    expect(result.stdout).toContain(
      `not committed: user_new.txt: changed while an agent command ran without an overlay ${maybe}`,
    );

    // The model hears it with its next message.
    expect((await cli('next')).code).toBe(0);
    const next = server.requests[2]!.raw.toString();
    expect(next).toContain('[Shipyard] The commit after intent #1 left out these files');
    expect(next).toContain('agent.txt: changed while an agent command ran without an overlay');
  }, 90_000);

  it('without bwrap: a file the command deleted and one the user deletes after it are both left out, told apart', async () => {
    const { root, app, env } = prepare();
    server = await startScriptedServer([
      // Also a file whose name holds a newline: reported on one line, the newline shown escaped.
      { toolCalls: [shell(`echo agent > agent.txt; rm gone.txt; printf x > "$(printf 'odd\\nname.txt')"`)] },
      // Streams slowly, so the user's deletion below lands while the intent still runs.
      { text: 'Agent work', delayMs: 300 },
    ]);
    const ask = runCli(['ask', 'app', 'work', '--root', root], {
      env: { ...env, PATH: pathWithoutBwrap(), OPENAI_BASE_URL: server.baseURL },
      timeoutMs: 60_000,
    });
    await waitFor(() => server!.requests.length >= 2, 30_000, 'the command to end');
    fs.rmSync(path.join(app.path, 'del.txt'));
    const result = await ask;
    expect(result.code).toBe(0);
    expect(app.git('log', '-1', '--format=%s')).toBe('files');
    expect(app.git('status', '--porcelain').split('\n').sort()).toEqual([
      ' D del.txt',
      ' D gone.txt',
      '?? "odd\\nname.txt"',
      '?? agent.txt',
    ]);
    expect(result.stdout).toContain('not committed: odd\\nname.txt: changed while an agent command ran');
    expect(result.stdout).toContain('not committed: del.txt: deleted while no agent command ran (yours?)');
    expect(result.stdout).toContain(
      'not committed: gone.txt: deleted while an agent command ran without an overlay',
    );
  }, 60_000);
});
