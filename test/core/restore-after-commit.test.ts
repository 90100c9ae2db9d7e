// Restore after an intent whose work was committed: the snapshot of a clean tree is HEAD's own
// commit, and restoring it must bring back each file as it was then, an edited file by its content
// and a file the intent created by its removal. Real repositories, the built CLI, the scripted model.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const env = (home: string): NodeJS.ProcessEnv => scriptedEnv(server!, home, 'responses');

const shell = (command: string) => ({ toolCalls: [{ name: 'shell', arguments: { command } }] });

async function askOnCleanTree(command: string) {
  const root = makeTempDir('shipyard-restore-clean-');
  const repo = createRepo({ parent: root, name: 'app', commits: ['initial', 'second'] });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  const home = makeTempDir('shipyard-home-');
  server = await startScriptedServer([shell(command), { text: 'Done' }]);
  const readme = fs.readFileSync(path.join(repo.path, 'README.md'), 'utf8');
  const before = repo.git('rev-parse', 'HEAD');
  const ask = await runCli(['ask', 'app', 'work', '--root', root], { env: env(home) });
  expect(ask.code).toBe(0);
  expect(repo.git('rev-parse', 'HEAD~1')).toBe(before); // the intent's work was committed
  const id = JSON.parse((await runCli(['intents', '--json', '--root', root], { env: env(home) })).stdout)[0]
    .id as number;
  const restore = (...args: string[]) =>
    runCli(['restore', String(id), ...args, '--root', root], { env: env(home) });
  return { repo, readme, restore };
}

describe('restore of a clean tree after the intent committed', () => {
  it('plans an edited file as a restore of its content and brings it back', async () => {
    const { repo, readme, restore } = await askOnCleanTree('echo agent > README.md');
    expect(fs.readFileSync(path.join(repo.path, 'README.md'), 'utf8')).toBe('agent\n');
    const plan = await restore();
    expect(plan.stdout).toContain('restore README.md');
    expect(plan.stdout).not.toContain('delete');
    const done = await restore('--yes');
    expect(done.code).toBe(0);
    expect(fs.readFileSync(path.join(repo.path, 'README.md'), 'utf8')).toBe(readme);
  });

  it('plans a file the intent created and committed as a delete and removes it', async () => {
    const { repo, readme, restore } = await askOnCleanTree('echo new > agent.txt');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('agent.txt');
    const plan = await restore();
    expect(plan.stdout).toContain('delete  agent.txt');
    const done = await restore('--yes');
    expect(done.code).toBe(0);
    expect(fs.existsSync(path.join(repo.path, 'agent.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(repo.path, 'README.md'), 'utf8')).toBe(readme);
  });
});
