// Unfinished git operations end to end: the built CLI, the scripted model, real repositories in the
// middle of a rebase, a conflicted merge and on a detached HEAD. Shipyard stages nothing there,
// says why, shows the state in `ls`, and commits the agent's files once the user has finished.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOperation } from '../../src/git/operation.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs, type TempRepo } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function setUp(): { root: string; repo: TempRepo; env: () => NodeJS.ProcessEnv } {
  const root = makeTempDir('shipyard-ops-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  repo.commit('base', { files: { 'f.txt': 'base\n' } });
  repo.git('checkout', '-q', '-b', 'topic');
  repo.commit('topic', { files: { 'f.txt': 'topic\n' } });
  repo.git('checkout', '-q', 'main');
  repo.commit('main', { files: { 'f.txt': 'main\n' } });
  const home = makeTempDir('shipyard-home-');
  const env = () => ({
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server!.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: 'chat',
  });
  return { root, repo, env };
}

/** One intent that writes agent.txt with the edit tool, then one that only answers. */
function agentWrites(): Parameters<typeof startScriptedServer>[0] {
  return [
    {
      toolCalls: [
        { name: 'edit_file', arguments: { path: 'agent.txt', old_string: '', new_string: 'agent\n' } },
      ],
    },
    { text: 'Add agent.txt' },
    { text: 'Nothing to do' },
  ];
}

function failsQuietly(repo: TempRepo, ...args: string[]): void {
  try {
    repo.git(...args);
  } catch {
    // a conflict stops the operation: that is the state under test
  }
}

async function ls(root: string, env: NodeJS.ProcessEnv) {
  const listed = await runCli(['ls', '--json', '--root', root], { env });
  return JSON.parse(listed.stdout)[0];
}

describe('unfinished git operations', () => {
  it('mid-rebase: nothing staged, nothing committed on the rebase HEAD; committed on the branch after --abort', async () => {
    const { root, repo, env } = setUp();
    failsQuietly(repo, 'rebase', 'topic');
    expect(readOperation(repo.path)).toBe('rebase');
    const cachedBefore = repo.git('diff', '--cached', '--name-only');
    server = await startScriptedServer(agentWrites());
    const ask = await runCli(['ask', 'app', 'add agent.txt', '--root', root], { env: env() });
    expect(ask.code).toBe(0);
    expect(ask.stdout).toContain(
      'not committed yet: a rebase is in progress (finish it with git rebase --continue or --abort); Shipyard staged nothing and commits 1 file (agent.txt) once you have finished',
    );
    expect(repo.git('diff', '--cached', '--name-only')).toBe(cachedBefore);
    expect(await ls(root, env())).toMatchObject({
      branch: null,
      detached: true,
      operation: 'rebase',
      conflicted: 1,
    });
    const table = await runCli(['ls', '--root', root], { env: env() });
    expect(table.stdout.split('\n')[1]).toMatch(/^app\s+\(detached\) \(rebase\)\s+0\s+0\s+1\s+1\s/);

    repo.git('rebase', '--abort');
    const mainBefore = repo.git('rev-parse', 'main');
    const next = await runCli(['ask', 'app', 'anything left?', '--root', root], { env: env() });
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/#\d+, held until now: committed [0-9a-f]+: Add agent\.txt \(1 files\)/);
    expect(repo.git('rev-parse', 'main^')).toBe(mainBefore);
    expect(repo.git('show', '--name-only', '--format=%s', 'main')).toBe('Add agent.txt\n\nagent.txt');
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('during a conflicted merge: the agent file is not staged into the merge; committed alone after the merge commit', async () => {
    const { root, repo, env } = setUp();
    failsQuietly(repo, 'merge', 'topic');
    expect(readOperation(repo.path)).toBe('merge');
    server = await startScriptedServer(agentWrites());
    const ask = await runCli(['ask', 'app', 'add agent.txt', '--root', root], { env: env() });
    expect(ask.stdout).toContain('not committed yet: a merge is in progress');
    expect(repo.git('diff', '--cached', '--name-only')).not.toContain('agent.txt');
    expect(await ls(root, env())).toMatchObject({
      branch: 'main',
      operation: 'merge',
      conflicted: 1,
      dirty: 2,
    });

    // The user resolves and commits the merge (their commit: agent.txt stays out of it).
    fs.writeFileSync(path.join(repo.path, 'f.txt'), 'resolved\n');
    repo.git('add', 'f.txt');
    repo.git('commit', '-q', '--no-edit');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).not.toContain('agent.txt');
    const next = await runCli(['ask', 'app', 'anything left?', '--root', root], { env: env() });
    expect(next.stdout).toMatch(/held until now: committed [0-9a-f]+: Add agent\.txt/);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('agent.txt');
    expect(repo.git('rev-list', '--count', '--merges', 'HEAD')).toBe('1');
  });

  it('on a plain detached HEAD: held until a branch is checked out; a file changed since is left out', async () => {
    const { root, repo, env } = setUp();
    repo.detach();
    server = await startScriptedServer([
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'agent.txt', old_string: '', new_string: 'agent\n' } },
        ],
      },
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'two.txt', old_string: '', new_string: 'two\n' } },
        ],
      },
      { text: 'Add two files' },
      { text: 'Nothing to do' },
    ]);
    const ask = await runCli(['ask', 'app', 'add files', '--root', root], { env: env() });
    expect(ask.stdout).toContain('not committed yet: HEAD is detached (check out a branch)');
    expect(repo.git('log', '--format=%s', '-1')).toBe('main');
    expect(await ls(root, env())).toMatchObject({ branch: null, detached: true, operation: null });

    repo.git('checkout', '-q', 'main');
    repo.write('two.txt', 'the user changed it\n');
    const next = await runCli(['ask', 'app', 'anything left?', '--root', root], { env: env() });
    expect(next.stdout).toContain('1 file changed since the intent; left for you to commit');
    expect(repo.git('show', '--name-only', '--format=', 'main')).toBe('agent.txt');
    expect(repo.git('status', '--porcelain')).toBe('?? two.txt');
  });
});
