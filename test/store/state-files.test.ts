// Settings and state files as the user finds them: a settings file that is not an object, an
// unusable SHIPYARD_HOME, file modes, a state database deleted under a running runner. The built CLI.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function workspace() {
  const root = makeTempDir('shipyard-state-');
  createRepo({ parent: root, name: 'app' });
  const outside = createRepo({ parent: makeTempDir('shipyard-outside-'), name: 'lib' });
  return { root, outside: outside.path, home: makeTempDir('shipyard-home-') };
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('a settings file that is not an object', () => {
  it.each([
    ['[1,2,3]', 'an array'],
    ['null', 'null'],
    ['"text"', 'a string'],
  ])('%s is refused with one line and never overwritten by add', async (content, kind) => {
    const { root, outside, home } = workspace();
    const file = path.join(home, 'config.json');
    fs.writeFileSync(file, content);
    const add = await runCli(['add', outside, '--root', root], { env: { SHIPYARD_HOME: home } });
    expect(add.code).toBe(1);
    expect(add.stderr).toBe(`shipyard: Settings file ${file} must hold a JSON object, not ${kind}\n`);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    const ls = await runCli(['ls', '--root', root], { env: { SHIPYARD_HOME: home } });
    expect(ls.code).toBe(1);
    expect(ls.stderr).toMatch(/must hold a JSON object/);
  });
});

describe('an unusable SHIPYARD_HOME', () => {
  it.each(['/proc/nope', '/proc/self/nope/deeper', '/dev/null/x'])(
    '%s is one line and exit 1, not a spinning process',
    async (home) => {
      const { root } = workspace();
      const ls = await runCli(['ls', '--root', root], { env: { SHIPYARD_HOME: home }, timeoutMs: 10_000 });
      expect(ls.code).toBe(1);
      expect(ls.stderr).toMatch(new RegExp(`^shipyard: Cannot use ${home.replace(/\//g, '\\/')}[^\\n]*\\n$`));
    },
  );
});

describe('file modes', () => {
  it('the home folder is 0700, settings and every state.db file 0600', async () => {
    const { root, outside } = workspace();
    const home = path.join(makeTempDir('shipyard-parent-'), 'new', 'home');
    const env = { SHIPYARD_HOME: home };
    expect((await runCli(['add', outside, '--root', root], { env })).code).toBe(0);
    expect((await runCli(['queue', 'app', 'something', '--root', root], { env })).code).toBe(0);
    expect(mode(home)).toBe(0o700);
    expect(mode(path.join(home, 'config.json'))).toBe(0o600);
    const files = fs.readdirSync(home).filter((name) => name.startsWith('state.db'));
    expect(files).toContain('state.db');
    for (const name of files) expect([name, mode(path.join(home, name))]).toEqual([name, 0o600]);
  });

  it('a world-readable state.db from before becomes 0600', async () => {
    const { root, home } = workspace();
    const env = { SHIPYARD_HOME: home };
    await runCli(['queue', 'app', 'first', '--root', root], { env });
    fs.chmodSync(path.join(home, 'state.db'), 0o644);
    await runCli(['intents', '--root', root], { env });
    expect(mode(path.join(home, 'state.db'))).toBe(0o600);
  });
});

describe('a state database deleted or replaced under a running runner', () => {
  it.each(['deleted', 'replaced'] as const)('%s: the runner stops with one line', async (how) => {
    const { root, home } = workspace();
    server = await startScriptedServer(() => ({ text: 'ok' }));
    const env = {
      SHIPYARD_HOME: home,
      OPENAI_BASE_URL: server.baseURL,
      OPENAI_API_KEY: 'test-key',
      SHIPYARD_MODEL: 'test-model',
      SHIPYARD_API: 'chat',
    };
    const run = spawn(nodeBin, [cliEntry, 'run', '--root', root], {
      env: { ...process.env, INIT_CWD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(run);
    let stderr = '';
    run.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
    const db = path.join(home, 'state.db');
    await waitFor(() => fs.existsSync(`${db}-wal`), 10_000, 'the runner to open the database');
    // The runner holds the lease once `queue` sees it: the intent runs, so it is really running.
    await runCli(['queue', 'app', 'hello', '--root', root], { env });
    await waitFor(() => server!.requests.length === 1, 10_000, 'the intent to run');
    if (how === 'replaced') {
      // Another database moved over it in one step, as a restore from a backup would.
      const other = makeTempDir('shipyard-other-');
      await runCli(['intents', '--root', root], { env: { ...env, SHIPYARD_HOME: other } });
      fs.renameSync(path.join(other, 'state.db'), db);
    }
    for (const file of [...(how === 'deleted' ? [db] : []), `${db}-wal`, `${db}-shm`]) {
      fs.rmSync(file, { force: true });
    }
    expect(await exited).toBe(1);
    expect(stderr).toMatch(
      new RegExp(`^shipyard: State database ${db} was ${how} while Shipyard ran; stopping`, 'm'),
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
