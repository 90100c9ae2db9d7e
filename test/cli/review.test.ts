// Reviewing intents end to end: the built CLI, the scripted model over real HTTP and real
// repositories. `diff` shows exactly an intent's commit, `queue --review` sends comments back with
// file and lines, `undo` reverts (or unstages) and tells the model, and a conflicting undo changes nothing.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs, type TempRepo } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function setUp(settings?: object): { root: string; repo: TempRepo; home: string } {
  const root = makeTempDir('shipyard-review-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  repo.commit('files', { files: { 'a.ts': 'one\ntwo\nthree\n', 'b.ts': 'b\n', 'c.ts': 'c\n' } });
  const home = makeTempDir('shipyard-home-');
  if (settings) fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(settings));
  return { root, repo, home };
}

const env = (home: string): NodeJS.ProcessEnv => scriptedEnv(server!, home, 'responses');

const edit = (file: string, from: string, to: string) => ({
  toolCalls: [{ name: 'edit_file', arguments: { path: file, old_string: from, new_string: to } }],
});

async function intentIds(root: string, home: string): Promise<number[]> {
  const list = await runCli(['intents', '--json', '--root', root], { env: env(home) });
  return (JSON.parse(list.stdout) as { id: number }[]).map((intent) => intent.id).sort((a, b) => a - b);
}

describe('shipyard diff, queue --review and undo', () => {
  it('shows exactly an intent’s commit, sends review comments with file and line, and undoes with a revert', async () => {
    const { root, repo, home } = setUp();
    server = await startScriptedServer([
      edit('a.ts', 'two', 'TWO'),
      edit('new.ts', '', 'hello\n'),
      { text: 'Shout the second line' },
      edit('b.ts', 'b', 'bee'),
      { text: 'Spell b out' },
      { text: 'Looked at the comment' },
      { text: 'Noted the undo' },
    ]);
    const cli = (...args: string[]) => runCli([...args, '--root', root], { env: env(home) });
    expect((await cli('ask', 'app', 'shout')).code).toBe(0);
    // The user's own edit, made between intents: never part of any intent's diff.
    repo.write('c.ts', 'my own edit\n');
    expect((await cli('ask', 'app', 'spell b')).code).toBe(0);
    const [first, second] = await intentIds(root, home);
    const firstCommit = repo.git('rev-parse', 'HEAD~1');

    const piped = await cli('diff', String(first));
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    // Piped: the plain unified diff of its commit, as git prints it.
    expect(piped.stdout).toBe(
      `${repo.git('diff-tree', '-p', '--root', '--no-commit-id', '--no-renames', firstCommit)}\n`,
    );
    expect(piped.stdout).toContain('-two\n+TWO');
    expect(piped.stdout).toContain('+++ b/new.ts');
    expect(piped.stdout).not.toContain('b.ts');
    expect(piped.stdout).not.toContain('my own edit');
    expect(piped.stdout).not.toContain('\x1b[');

    const stat = await cli('diff', `#${first}`, '--stat');
    expect(stat).toMatchObject({ code: 0, stderr: '' });
    expect(stat.stdout).toBe(' a.ts   | +1 −1\n new.ts | +1 −0\n 2 files +2 −1\n');
    expect((await cli('diff', String(second), '--stat')).stdout).toBe(' b.ts | +1 −1\n 1 file +1 −1\n');

    // A review comment on line 2 of a.ts: queued at the front, the next request quotes it.
    const queued = await cli('queue', String(first), '--review', 'keep it lowercase', '--lines', 'a.ts:2');
    expect(queued).toMatchObject({ code: 0, stderr: '' });
    const reviewId = Number(queued.stdout.trim());
    expect(reviewId).toBeGreaterThan(second!);
    expect((await cli('run', '--once')).code).toBe(0);
    const reviewRequest = server.requests.at(-1)!.raw.toString();
    expect(reviewRequest).toContain(`Review of intent #${first}`);
    expect(reviewRequest).toContain('a.ts, line 2:');
    expect(reviewRequest).toContain('+TWO');
    expect(reviewRequest).toContain('keep it lowercase');
    // An intent that changed nothing says so.
    const none = await cli('diff', String(reviewId));
    expect(none).toMatchObject({
      code: 0,
      stdout: '',
      stderr: `#${reviewId} changed nothing (no commit, nothing staged)\n`,
    });

    // Undo: a revert commit on top, the history intact, the user's edit untouched.
    const history = repo.git('log', '--format=%H');
    const undo = await cli('undo', String(first), '--reason', 'wrong approach');
    expect(undo.stderr).toBe('');
    expect(undo.code).toBe(0);
    expect(undo.stdout).toMatch(
      new RegExp(
        `^Undid #${first}: reverted ${firstCommit.slice(0, 7)} with [0-9a-f]{7} \\(a\\.ts, new\\.ts\\)\\.\\n$`,
      ),
    );
    expect(repo.git('log', '--format=%H', 'HEAD~1')).toBe(history);
    expect(repo.git('log', '-1', '--format=%s')).toBe('Revert "Shout the second line"');
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(fs.existsSync(path.join(repo.path, 'new.ts'))).toBe(false);
    expect(fs.readFileSync(path.join(repo.path, 'b.ts'), 'utf8')).toBe('bee\n');
    expect(repo.git('status', '--porcelain')).toBe(' M c.ts');
    expect((await cli('diff', String(first), '--stat')).stdout).toContain('2 files +2 −1 (undone)');
    const again = await cli('undo', String(first));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      new RegExp(`^shipyard: #${first} was undone already \\(revert [0-9a-f]{7}\\)\\n$`),
    );

    // The next request tells the model, after the unchanged prefix.
    expect((await cli('ask', 'app', 'go on')).code).toBe(0);
    const last = server.requests.at(-1)!.raw.toString();
    expect(last).toContain(`[Shipyard] The user undid intent #${first}`);
    expect(last).toContain('Why: wrong approach');
    const prefixEnd = server.requests[0]!.raw.toString().indexOf('"input"');
    expect(last.slice(0, prefixEnd)).toBe(server.requests[0]!.raw.toString().slice(0, prefixEnd));

    // Bad input: one line, exit 1.
    expect(await cli('diff', '999')).toMatchObject({
      code: 1,
      stderr: 'shipyard: There is no intent #999.\n',
    });
    expect(await cli('undo', 'x')).toMatchObject({
      code: 1,
      stderr: 'shipyard: "x" is not an intent id (a number like 12)\n',
    });
    const badLines = await cli('queue', String(second), '--review', 'hm', '--lines', 'a.ts:2');
    expect(badLines).toMatchObject({ code: 1, stderr: `shipyard: #${second}'s diff has no lines a.ts:2\n` });
  }, 60_000);

  it('stops a conflicting undo with one line naming the file, and changes nothing', async () => {
    const { root, repo, home } = setUp();
    server = await startScriptedServer([edit('a.ts', 'two', 'TWO'), { text: 'Shout' }]);
    const cli = (...args: string[]) => runCli([...args, '--root', root], { env: env(home) });
    expect((await cli('ask', 'app', 'shout')).code).toBe(0);
    const [id] = await intentIds(root, home);
    // Later work on the same line.
    repo.commit('mine', { files: { 'a.ts': 'one\nTWO!\nthree\n' } });
    repo.write('b.ts', 'wip\n');
    const head = repo.git('rev-parse', 'HEAD');
    const status = repo.git('status', '--porcelain');
    const undo = await cli('undo', String(id));
    expect(undo).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `shipyard: #${id} not undone: later changes conflict in a.ts; nothing changed\n`,
    });
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain')).toBe(status);
    expect(fs.existsSync(path.join(repo.path, '.git/REVERT_HEAD'))).toBe(false);
    // Uncommitted edits in its file also stop it, naming the file.
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    repo.write('a.ts', 'one\nTWO\nthree\nmore\n');
    const dirty = await cli('undo', String(id));
    expect(dirty.stderr).toBe(
      `shipyard: #${id} not undone: uncommitted changes in a.ts (commit or stash them first); nothing changed\n`,
    );
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('one\nTWO\nthree\nmore\n');
  }, 60_000);

  it('unstages what a stage-only intent staged; status prints one line per project', async () => {
    const { root, repo, home } = setUp({ commit: 'stage' });
    createRepo({ parent: root, name: 'web' });
    server = await startScriptedServer([edit('x.ts', '', 'x\n'), { text: 'Added x' }]);
    const cli = (...args: string[]) => runCli([...args, '--root', root], { env: env(home) });
    const head = repo.git('rev-parse', 'HEAD');
    expect((await cli('ask', 'app', 'add x')).code).toBe(0);
    expect(repo.git('diff', '--cached', '--name-only')).toBe('x.ts');
    const [id] = await intentIds(root, home);
    expect((await cli('diff', String(id), '--stat')).stdout).toBe(' x.ts | +1 −0\n 1 file +1 −0\n');
    expect((await cli('diff', String(id))).stdout).toContain('+++ b/x.ts\n@@ -0,0 +1 @@\n+x');

    const status = await cli('status');
    expect(status).toMatchObject({ code: 0, stderr: '' });
    expect(status.stdout).toBe(
      `app  ${`done #${id}`.padEnd(20)}  queue 0\nweb  ${'idle'.padEnd(20)}  queue 0\n`,
    );
    const json = JSON.parse((await cli('status', '--json')).stdout);
    expect(json).toEqual([
      expect.objectContaining({ project: 'app', state: 'done', intent: id, queue: 0, paused: false }),
      expect.objectContaining({ project: 'web', state: 'idle', intent: null, queue: 0 }),
    ]);

    const undo = await cli('undo', String(id));
    expect(undo).toMatchObject({ code: 0, stderr: '' });
    expect(undo.stdout).toBe(
      `Unstaged the 1 file of #${id}: x.ts (their content stays in the working tree).\n`,
    );
    expect(repo.git('diff', '--cached', '--name-only')).toBe('');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(fs.readFileSync(path.join(repo.path, 'x.ts'), 'utf8')).toBe('x\n');
  }, 60_000);

  it('status --watch prints again when a queue changes, and stops quietly on Ctrl+C', async () => {
    const { root, home } = setUp();
    server = await startScriptedServer([]);
    const child = spawn(nodeBin, [cliEntry, 'status', '--watch', '--root', root], {
      env: { ...process.env, INIT_CWD: '', ...env(home) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor(() => out.includes('app  idle'), 10_000);
    expect((await runCli(['queue', 'app', 'later', '--root', root], { env: env(home) })).code).toBe(0);
    await waitFor(() => out.includes(`app  ${'queued'.padEnd(20)}  queue 1`), 10_000);
    expect(out).toBe(`app  ${'idle'.padEnd(20)}  queue 0\n\napp  ${'queued'.padEnd(20)}  queue 1\n`);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 30_000);
});
