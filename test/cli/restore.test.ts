// Snapshots end to end: the built CLI, the scripted model over real HTTP, a real repository whose
// user work an agent's commands destroy, and `shipyard restore` bringing it back.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepoWithUpstream, makeTempDir, removeTempDirs, type TempRepo } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const BINARY = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]);

function setUp(): { root: string; repo: TempRepo; remote: string; home: string } {
  const root = makeTempDir('shipyard-restore-');
  const { repo, remote } = createRepoWithUpstream({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  repo.commit('files', { files: { 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' } });
  repo.git('push', '-q');
  // The user's work in progress: modified, staged, staged then edited again, untracked, binary.
  repo.write('a.ts', 'my edit of a\n');
  repo.write('b.ts', 'staged b\n');
  repo.git('add', 'b.ts');
  repo.write('b.ts', 'staged b\nand more\n');
  repo.write('notes/plan.md', '# my plan\n');
  fs.writeFileSync(path.join(repo.path, 'notes/data.bin'), BINARY);
  return { root, repo, remote, home: makeTempDir('shipyard-home-') };
}

const env = (home: string): NodeJS.ProcessEnv => scriptedEnv(server!, home, 'responses');

const shell = (command: string) => ({ toolCalls: [{ name: 'shell', arguments: { command } }] });

describe('snapshots and shipyard restore', () => {
  it("brings back the user's work an intent destroyed with reset --hard, clean -fdx and rm; tells the agent", async () => {
    const { root, repo, remote, home } = setUp();
    const statusBefore = repo.git('status', '--porcelain');
    const stagedBefore = repo.git('diff', '--cached');
    const remoteBefore = fs.readFileSync(path.join(remote, 'refs/heads/main'), 'utf8');
    server = await startScriptedServer([
      // Refused by the git policy or failing on the read-only .git; the next command is plain file work.
      shell('git reset --hard && git clean -fdx'),
      shell('rm -rf notes && echo agent > a.ts && echo new > agent.txt'),
      // Committing and publishing are never the agent's: refused, and the snapshot refs never leave either.
      shell(
        "git add -A && git commit -qm 'agent commit'; git push origin HEAD:main 'refs/shipyard/*:refs/shipyard/*'",
      ),
      { text: 'Cleaned up the tree' },
      { text: 'I will read a.ts again.' },
    ]);
    const ask = await runCli(['ask', 'app', 'tidy', 'up', '--root', root], { env: env(home) });
    expect(ask.code).toBe(0);
    expect(fs.existsSync(path.join(repo.path, 'notes'))).toBe(false);
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('agent\n');
    // Shipyard's own commit holds the agent's new file alone; the user's files were never its to commit.
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('agent.txt');
    expect(repo.git('log', '--format=%s', '-1')).toBe('Cleaned up the tree');
    const head = repo.git('rev-parse', 'HEAD');
    const intents = JSON.parse(
      (await runCli(['intents', '--json', '--root', root], { env: env(home) })).stdout,
    );
    const id = intents[0].id as number;
    // The snapshot is a private ref on no branch, never on the remote.
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/shipyard/')).toMatch(
      new RegExp(`^refs/shipyard/snapshots/[0-9a-f]{16}/${id}$`),
    );

    // Without a TTY and without --yes: the plan is shown, nothing changes.
    const asked = await runCli(['restore', String(id), '--root', root], { env: env(home) });
    expect(asked.code).toBe(1);
    expect(asked.stdout).toContain('restore a.ts');
    expect(asked.stdout).toContain('restore notes/data.bin');
    expect(asked.stderr).toBe('shipyard: not restored: add --yes to restore without a question\n');
    expect(fs.existsSync(path.join(repo.path, 'notes'))).toBe(false);

    const restored = await runCli(['restore', `#${id}`, '--yes', '--root', root], { env: env(home) });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(new RegExp(`Restored \\d files as they were before #${id}: .*a\\.ts`));
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('my edit of a\n');
    expect(fs.readFileSync(path.join(repo.path, 'b.ts'), 'utf8')).toBe('staged b\nand more\n');
    expect(fs.readFileSync(path.join(repo.path, 'notes/plan.md'), 'utf8')).toBe('# my plan\n');
    expect(fs.readFileSync(path.join(repo.path, 'notes/data.bin')).equals(BINARY)).toBe(true);
    expect(repo.git('diff', '--cached')).toBe(stagedBefore);
    // Every file as before: the agent's new file is gone from the tree, its commit (made since) left alone.
    expect(fs.existsSync(path.join(repo.path, 'agent.txt'))).toBe(false);
    const statusLines = (text: string) => text.split('\n').sort();
    expect(statusLines(repo.git('status', '--porcelain'))).toEqual(
      statusLines(`${statusBefore}\n D agent.txt`),
    );
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(fs.readFileSync(path.join(remote, 'refs/heads/main'), 'utf8')).toBe(remoteBefore);
    expect(fs.existsSync(path.join(remote, 'refs/shipyard'))).toBe(false);

    // `shipyard log` says what happened; the next intent's request carries the note after the prefix.
    const log = await runCli(['log', 'app', '--root', root], { env: env(home) });
    expect(log.stdout).toMatch(
      /\*\*Note\*\*\n\n\[Shipyard\] The user restored \d files as they were before #\d+/,
    );
    const next = await runCli(['ask', 'app', 'go on', '--root', root], { env: env(home) });
    expect(next.code).toBe(0);
    const first = server.requests[0]!.raw.toString();
    const last = server.requests.at(-1)!.raw.toString();
    expect(last).toContain('[Shipyard] The user restored');
    const prefixEnd = first.indexOf('"input"');
    expect(last.slice(0, prefixEnd)).toBe(first.slice(0, prefixEnd));
  });

  it('restores one file with --files and says when there is nothing to restore', async () => {
    const { root, repo, home } = setUp();
    server = await startScriptedServer([shell('rm -rf notes && rm a.ts'), { text: 'Removed' }]);
    expect((await runCli(['ask', 'app', 'remove', '--root', root], { env: env(home) })).code).toBe(0);
    const id = JSON.parse((await runCli(['intents', '--json', '--root', root], { env: env(home) })).stdout)[0]
      .id;
    const one = await runCli(['restore', String(id), '--files', 'notes/plan.md', '--yes', '--root', root], {
      env: env(home),
    });
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('Restored 1 file as they were before');
    expect(fs.readFileSync(path.join(repo.path, 'notes/plan.md'), 'utf8')).toBe('# my plan\n');
    expect(fs.existsSync(path.join(repo.path, 'notes/data.bin'))).toBe(false);
    expect(fs.existsSync(path.join(repo.path, 'a.ts'))).toBe(false);
    const again = await runCli(['restore', String(id), '--files', 'notes/plan.md', '--yes', '--root', root], {
      env: env(home),
    });
    expect(again.stdout).toBe(`Nothing to restore: the files are as they were before #${id}.\n`);
    const unknown = await runCli(['restore', String(id), '--files', 'nope.txt', '--root', root], {
      env: env(home),
    });
    expect(unknown.stderr).toBe(`shipyard: not in the snapshot before #${id}: nope.txt\n`);
    const missing = await runCli(['restore', '999', '--root', root], { env: env(home) });
    expect(missing.stderr).toBe('shipyard: no intent #999\n');
  });
});
