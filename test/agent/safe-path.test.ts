import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertWritable, resolveInsideRoot } from '../../src/agent/safe-path.js';
import { makeRepo, removeTempDirs, tempDir } from '../support/tool-fixtures.js';

afterAll(removeTempDirs);

describe('resolveInsideRoot', () => {
  const outside = tempDir();
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside');
  const root = makeRepo({ 'src/a.ts': 'a\n' });
  fs.symlinkSync(outside, path.join(root, 'out-dir'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out-file'));
  fs.symlinkSync(path.join(outside, 'not-yet.txt'), path.join(root, 'dangling'));
  fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src-link'));
  fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(root, 'loop-b'));

  it('resolves relative, absolute-inside and not-yet-existing paths', async () => {
    expect(await resolveInsideRoot(root, 'src/a.ts')).toMatchObject({
      abs: path.join(root, 'src/a.ts'),
      rel: 'src/a.ts',
    });
    expect((await resolveInsideRoot(root, path.join(root, 'src/a.ts'))).rel).toBe('src/a.ts');
    expect((await resolveInsideRoot(root, 'new/deep/file.ts')).rel).toBe('new/deep/file.ts');
    expect((await resolveInsideRoot(root, './src/../src/a.ts')).rel).toBe('src/a.ts');
    expect((await resolveInsideRoot(root, '')).rel).toBe('.');
  });

  it('follows symlinks that stay inside', async () => {
    const inside = await resolveInsideRoot(root, 'src-link/a.ts');
    expect(inside.rel).toBe('src/a.ts');
    expect(inside.requestedRel).toBe('src-link/a.ts');
    expect((await resolveInsideRoot(root, 'src-link/new.ts')).rel).toBe('src/new.ts');
  });

  it.each([
    ['../x', /outside the project root/],
    ['/etc/passwd', /outside the project root/],
    ['out-file', /resolves to .*secret\.txt.*outside/],
    ['out-dir/secret.txt', /outside/],
    ['out-dir/new.txt', /outside/],
    ['dangling', /resolves to .*not-yet\.txt.*outside/],
    ['loop-a', /symlink loop/],
    ['src/a.ts/x', /through a file/],
    ['a\0b', /NUL/],
  ])('refuses %s', async (userPath, message) => {
    await expect(resolveInsideRoot(root, userPath)).rejects.toThrow(message);
  });

  it('refuses writes under .git and to the root itself', () => {
    expect(() => assertWritable('.git/config')).toThrow(/\.git/);
    expect(() => assertWritable('vendor/lib/.git/HEAD')).toThrow(/\.git/);
    expect(() => assertWritable('.')).toThrow(/root/);
    expect(() => assertWritable('src/.gitignore')).not.toThrow();
  });
});
