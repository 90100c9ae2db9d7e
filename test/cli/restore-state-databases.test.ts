// Two state databases on one repository (a remote host's and a local app's, or a state database
// deleted and made anew: another SHIPYARD_HOME) number their intents alike. Through the built CLI:
// each restores only its own intent's snapshot, and refuses when that one was never written.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function home(settings: object = {}): string {
  const dir = makeTempDir('shipyard-home-');
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(settings));
  return dir;
}

describe('snapshots of two state databases on one repository', () => {
  it("restores only the intent's own snapshot: never another database's of the same number", async () => {
    const root = makeTempDir('shipyard-two-dbs-');
    const repo = createRepo({ parent: root, name: 'app' });
    repo.commit('files', { files: { 'a.ts': 'committed\n' } });
    server = await startScriptedServer([{ text: 'one' }, { text: 'two' }, { text: 'three' }]);
    const env = (dir: string) => ({
      SHIPYARD_HOME: dir,
      OPENAI_BASE_URL: server!.baseURL,
      OPENAI_API_KEY: 'test-key',
      SHIPYARD_MODEL: 'test-model',
      SHIPYARD_API: 'responses',
    });
    const cli = (dir: string, ...args: string[]) => runCli([...args, '--root', root], { env: env(dir) });
    const [first, second, unsnapshotted] = [home(), home(), home({ snapshots: { enabled: false } })];

    // The first database's #1 sees the user's first version, the second's #1 their second.
    repo.write('a.ts', 'user v1\n');
    expect((await cli(first, 'ask', 'app', 'look')).code).toBe(0);
    repo.write('a.ts', 'user v2\n');
    expect((await cli(second, 'ask', 'app', 'look')).code).toBe(0);
    // A third, with snapshots off, runs its #1 too: no snapshot of its own.
    repo.write('a.ts', 'user v3\n');
    expect((await cli(unsnapshotted, 'ask', 'app', 'look')).code).toBe(0);
    for (const dir of [first, second, unsnapshotted]) {
      expect(JSON.parse((await cli(dir, 'intents', '--json')).stdout)[0].id).toBe(1);
    }
    const refs = repo.git('for-each-ref', '--format=%(refname)', 'refs/shipyard/').split('\n');
    expect(refs).toHaveLength(2);
    for (const ref of refs) expect(ref).toMatch(/^refs\/shipyard\/snapshots\/[0-9a-f]{16}\/1$/);

    // Each restores its own #1: the second database's snapshot did not overwrite the first's.
    repo.write('a.ts', 'later\n');
    const restored = await cli(first, 'restore', '1', '--yes');
    expect(restored.stdout).toContain('Restored 1 file as they were before #1: a.ts.\n');
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('user v1\n');
    expect((await cli(second, 'restore', '1', '--yes')).code).toBe(0);
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('user v2\n');

    // The third's #1 has no snapshot: refused in one line, nothing taken from the others.
    const refused = await cli(unsnapshotted, 'restore', '1', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `shipyard: no snapshot of intent #1 in ${repo.path} (pruned, or never taken)\n`,
    );
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('user v2\n');

    // A snapshot an older Shipyard named by intent number alone may be any database's: refused too.
    repo.git('update-ref', 'refs/shipyard/snapshots/1', 'HEAD');
    const legacy = await cli(unsnapshotted, 'restore', '1', '--yes');
    expect(legacy.stderr).toBe(
      `shipyard: no snapshot of intent #1 in ${repo.path}: refs/shipyard/snapshots/1 is from an older Shipyard and may be another state database's #1, so it is not used (git show refs/shipyard/snapshots/1)\n`,
    );
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('user v2\n');
  });
});
