import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

let workspace: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  workspace = makeTempDir('shipyard-cli-');
  env = { SHIPYARD_HOME: makeTempDir('shipyard-home-') };
  createRepo({ parent: workspace, name: 'api', commits: ['first', 'add retries'] });
  const web = createRepo({ parent: workspace, name: 'web' });
  web.write('README.md', 'changed\n');
  web.write('new.txt', 'new\n');
  web.write('staged.txt', 'staged\n');
  web.git('add', 'staged.txt');
  fs.mkdirSync(path.join(workspace, 'not-a-repo'));
});
afterEach(removeTempDirs);

describe('shipyard CLI', () => {
  it('--version and --help', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['ls', 'add', 'remove', 'config', '--root']) expect(help.stdout).toContain(command);
  });

  it('ls --json lists every project with its git state', async () => {
    const result = await runCli(['ls', '--json', '--root', workspace], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const projects = JSON.parse(result.stdout);
    expect(projects.map((p: { name: string }) => p.name)).toEqual(['api', 'web']);
    expect(projects[0]).toMatchObject({
      name: 'api',
      path: path.join(workspace, 'api'),
      branch: 'main',
      ahead: 0,
      behind: 0,
      staged: 0,
      modified: 0,
      untracked: 0,
      dirty: 0,
      lastCommit: { subject: 'add retries' },
    });
    expect(projects[1]).toMatchObject({ name: 'web', staged: 1, modified: 1, untracked: 1, dirty: 3 });
  });

  it('ls prints a table, from inside a repo too (its parent is the workspace)', async () => {
    const result = await runCli(['ls'], { env, cwd: path.join(workspace, 'web') });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PROJECT\s+BRANCH\s+STAGED\s+MODIFIED\s+UNTRACKED\s+CONFLICTED/);
    expect(lines[1]).toMatch(/^api\s+main\s+0\s+0\s+0\s+0\s+no upstream\s+add retries$/);
    expect(lines[2]).toMatch(/^web\s+main\s+1\s+1\s+1/);
  });

  it('add pins a repository from elsewhere; remove unpins it', async () => {
    const elsewhere = createRepo({ name: 'tool' });
    const added = await runCli(['add', elsewhere.path, '--root', workspace], { env });
    expect(added.code).toBe(0);
    const listed = JSON.parse((await runCli(['ls', '--json', '--root', workspace], { env })).stdout);
    expect(listed.map((p: { name: string }) => p.name)).toEqual(['api', 'tool', 'web']);
    expect((await runCli(['remove', 'tool', '--root', workspace], { env })).code).toBe(0);
    const after = JSON.parse((await runCli(['ls', '--json', '--root', workspace], { env })).stdout);
    expect(after.map((p: { name: string }) => p.name)).toEqual(['api', 'web']);
  });

  it('config path prints the settings file under SHIPYARD_HOME', async () => {
    const result = await runCli(['config', 'path'], { env });
    expect(result.stdout.trim()).toBe(path.join(env.SHIPYARD_HOME!, 'config.json'));
  });

  it('config show prints the settings with keys masked and the model an agent would use', async () => {
    fs.mkdirSync(env.SHIPYARD_HOME!, { recursive: true });
    fs.writeFileSync(
      path.join(env.SHIPYARD_HOME!, 'config.json'),
      JSON.stringify({
        model: { apiKey: 'sk-secret-123456', provider: 'ollama', model: 'qwen3' },
        projects: { api: { model: 'big' } },
      }),
    );
    const result = await runCli(['config', 'show', '--project', 'api', '--root', workspace], {
      env: { ...env, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', SHIPYARD_MODEL: '', SHIPYARD_API: '' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('sk-secret-123456');
    expect(result.stdout).toContain('"apiKey": "sk-…3456"');
    expect(result.stdout).toMatch(
      /# model for api: big \(ollama, chat API\) at http:\/\/localhost:11434\/v1/,
    );
  });

  it.each([
    [['add', '/definitely/missing'], /^shipyard: No such folder: \/definitely\/missing\n$/],
    [['add', 'not-a-repo'], /^shipyard: Not a git repository \(no \.git\): .*not-a-repo\n$/],
    [['remove', 'nothing'], /^shipyard: No pinned project "nothing"\. Pinned: \(none\)\n$/],
    [
      ['ls', '--root', '/definitely/missing'],
      /^shipyard: Workspace folder \/definitely\/missing does not exist\n$/,
    ],
    [['frobnicate'], /^shipyard: no such folder or command: frobnicate \(see shipyard --help\)\n$/],
  ])('%j fails with one clear line and no stack trace', async (args, message) => {
    const result = await runCli(args as string[], { env, cwd: workspace });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a broken settings file is named in the error, and left untouched', async () => {
    fs.mkdirSync(env.SHIPYARD_HOME!, { recursive: true });
    const file = path.join(env.SHIPYARD_HOME!, 'config.json');
    fs.writeFileSync(file, '{ "parallel": "many" }');
    const result = await runCli(['ls', '--root', workspace], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `shipyard: Settings file ${file}: field "parallel": Invalid input: expected number, received string\n`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "parallel": "many" }');
  });

  it('the grid refuses to start without a terminal, in one line', async () => {
    const result = await runCli(['--root', workspace], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^shipyard: the grid needs a terminal \(TTY\)/);
  });
});
