// `shipyard add` / `remove`: pins per workspace (or `--global`), and a hand-written settings file that
// keeps every byte except the pin list.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

let base: string;
let home: string;
let file: string;
const env = () => ({ SHIPYARD_HOME: home });
const names = async (root: string) =>
  JSON.parse((await runCli(['ls', '--json', '--root', root], { env: env() })).stdout).map(
    (p: { name: string }) => p.name,
  );

beforeEach(() => {
  base = makeTempDir('shipyard-pins-');
  home = makeTempDir('shipyard-home-');
  file = path.join(home, 'config.json');
  createRepo({ parent: path.join(base, 'one'), name: 'a' });
  createRepo({ parent: path.join(base, 'two'), name: 'b' });
});
afterEach(removeTempDirs);

describe('shipyard add and remove', () => {
  it('change only the pin list of a hand-written settings file; remove gives back the very same bytes', async () => {
    const handWritten = [
      '{',
      '    "model": {"provider": "ollama", "model": "qwen3-coder"},',
      '    "approval": "ask",',
      '    "projects": { "a": { "commit": "stage" } }',
      '}',
      '',
    ].join('\n');
    fs.writeFileSync(file, handWritten);
    const tool = createRepo({ parent: path.join(base, 'elsewhere'), name: 'tool' }).path;
    const added = await runCli(['add', tool, '--root', path.join(base, 'one')], { env: env() });
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe(`Pinned tool (${tool}) in the workspace ${path.join(base, 'one')}\n`);
    const after = fs.readFileSync(file, 'utf8');
    // Everything the user wrote is there as written, with the pin added after it.
    expect(after.startsWith(handWritten.slice(0, handWritten.lastIndexOf('}\n') - 1))).toBe(true);
    const { workspaces, ...rest } = JSON.parse(after);
    expect(rest).toEqual(JSON.parse(handWritten));
    expect(workspaces).toEqual({ [path.join(base, 'one')]: { pinned: [tool] } });
    expect(after).toContain(`\n    "workspaces": {\n        "${path.join(base, 'one')}": {`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    expect((await runCli(['remove', 'tool', '--root', path.join(base, 'one')], { env: env() })).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(handWritten);
  });

  it('a pin belongs to the workspace it was added in; --global pins it in every one', async () => {
    const tool = createRepo({ parent: path.join(base, 'elsewhere'), name: 'tool' }).path;
    const lib = createRepo({ parent: path.join(base, 'elsewhere'), name: 'lib' }).path;
    expect((await runCli(['add', tool, '--root', path.join(base, 'one')], { env: env() })).code).toBe(0);
    const global = await runCli(['add', lib, '--global', '--root', path.join(base, 'one')], { env: env() });
    expect(global.stdout).toBe(`Pinned lib (${lib}) in every workspace\n`);
    expect(await names(path.join(base, 'one'))).toEqual(['a', 'lib', 'tool']);
    expect(await names(path.join(base, 'two'))).toEqual(['b', 'lib']);
    // A settings file that did not exist holds the pins alone.
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      workspaces: { [path.join(base, 'one')]: { pinned: [tool] } },
      pinned: [lib],
    });
    const again = await runCli(['add', tool, '--root', path.join(base, 'one')], { env: env() });
    expect(again.stdout).toBe(`tool is pinned already (${tool})\n`);
    const fromTwo = await runCli(['remove', 'lib', '--root', path.join(base, 'two')], { env: env() });
    expect(fromTwo.stdout).toBe('Unpinned lib (from every workspace)\n');
    const notHere = await runCli(['remove', 'tool', '--root', path.join(base, 'two')], { env: env() });
    expect(notHere).toMatchObject({
      code: 1,
      stderr: 'shipyard: No pinned project "tool". Pinned: (none)\n',
    });
    expect(await names(path.join(base, 'one'))).toEqual(['a', 'tool']);
  });
});
