// The overlay under a fenced command, through the shell tool: what the command wrote, renamed,
// deleted or replaced lands in the project exactly, and is reported as the command's writes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandDone } from '../../src/agent/tool.js';
import { secretFilter } from '../../src/agent/tools/secrets.js';
import { shellTool } from '../../src/agent/tools/shell.js';
import { CommandFence } from '../../src/sandbox/fence.js';
import { removeTempDirs } from '../support/git-repos.js';
import { removeOutsideDirs, setup } from '../support/sandbox-fixtures.js';
import { call, makeContext } from '../support/tool-fixtures.js';

afterEach(() => {
  removeTempDirs();
  removeOutsideDirs();
});

function fencedContext(projectRoot: string, home: string, done: CommandDone[]) {
  const layerBase = path.join(home, 'overlays');
  const sandbox = new CommandFence({
    // A home without a login profile, so outputs are only the command's.
    env: { ...process.env, HOME: home },
    projectRoot,
    policy: { mode: 'workspace-write', network: false, required: false, envAllow: [] },
    siblings: [],
    deny: secretFilter(),
    layerBase,
  });
  return makeContext(projectRoot, {
    sandbox,
    commandChanges: { before: async () => {}, after: async (result) => void done.push(result) },
  });
}

describe('the overlay of a fenced command', () => {
  it('applies writes, renames, deletions, symlinks and a folder made anew, and names each path', async () => {
    const { app, home } = setup();
    app.commit('tree', {
      files: { 'a.txt': 'a\n', 'dir/x': 'x\n', 'dir/keep': 'k\n', 'old/o': 'o\n', 'src/s.ts': 's\n' },
    });
    const layers = path.join(home, 'overlays');
    const done: CommandDone[] = [];
    const result = await call(
      shellTool,
      {
        command:
          'rm -rf dir && mkdir dir && echo y > dir/y; mkdir -p new/deep && echo z > new/deep/z; ' +
          'mv a.txt b.txt; ln -s b.txt link; rm -r old; echo more >> src/s.ts; chmod +x src/s.ts; ' +
          'test -e "$HOME" && echo "uid=$(id -u)"',
      },
      fencedContext(app.path, home, done),
    );
    expect(result.output).toMatch(/^uid=\d+\n\[exit 0\]$/);
    expect(result.output).toContain(`uid=${process.getuid?.()}`);
    const read = (rel: string) => fs.readFileSync(path.join(app.path, rel), 'utf8');
    expect(fs.readdirSync(path.join(app.path, 'dir'))).toEqual(['y']);
    expect(read('new/deep/z')).toBe('z\n');
    expect(fs.existsSync(path.join(app.path, 'a.txt'))).toBe(false);
    expect(read('b.txt')).toBe('a\n');
    expect(fs.readlinkSync(path.join(app.path, 'link'))).toBe('b.txt');
    expect(fs.existsSync(path.join(app.path, 'old'))).toBe(false);
    expect(read('src/s.ts')).toBe('s\nmore\n');
    expect(fs.statSync(path.join(app.path, 'src/s.ts')).mode & 0o111).not.toBe(0);
    expect(done).toHaveLength(1);
    expect([...done[0]!.written!].sort()).toEqual([
      'a.txt',
      'b.txt',
      'dir/keep',
      'dir/x',
      'dir/y',
      'link',
      'new/deep/z',
      'old/o',
      'src/s.ts',
    ]);
    expect(done[0]!.conflicts).toEqual([]);
    expect(fs.readdirSync(layers)).toEqual([]);
    // git sees exactly that, and .git itself was never written through the layer.
    expect(app.git('status', '--porcelain', '--untracked-files=all').split('\n').sort()).toEqual([
      ' D a.txt',
      ' D dir/keep',
      ' D dir/x',
      ' D old/o',
      ' M src/s.ts',
      '?? b.txt',
      '?? dir/y',
      '?? link',
      '?? new/deep/z',
    ]);
  });

  it("takes the agent's own earlier writes for its own: commands in quick succession all apply", async () => {
    const { app, home } = setup();
    const done: CommandDone[] = [];
    const ctx = fencedContext(app.path, home, done);
    for (let i = 0; i < 6; i++) {
      fs.appendFileSync(path.join(app.path, 'r.txt'), `tool-${i}\n`); // as edit_file would, just before
      await call(shellTool, { command: `echo cmd-${i} >> r.txt` }, ctx);
    }
    const lines = fs.readFileSync(path.join(app.path, 'r.txt'), 'utf8').trim().split('\n');
    expect(lines).toEqual(Array.from({ length: 6 }, (_, i) => [`tool-${i}`, `cmd-${i}`]).flat());
    expect(done.flatMap((d) => d.conflicts)).toEqual([]);
  });

  it('keeps what a timed-out command wrote before it was killed', async () => {
    const { app, home } = setup();
    const done: CommandDone[] = [];
    const ctx = fencedContext(app.path, home, done);
    const result = await call(
      shellTool,
      { command: 'echo partial > p.txt; sleep 30', timeout_ms: 1500 },
      ctx,
    );
    expect(result.output).toMatch(/timed out/);
    expect(fs.readFileSync(path.join(app.path, 'p.txt'), 'utf8')).toBe('partial\n');
    expect(done[0]!.written).toEqual(['p.txt']);
  });
});
