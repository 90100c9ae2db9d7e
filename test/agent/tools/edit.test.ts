import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editFileTool } from '../../../src/agent/tools/edit-file.js';
import { call, makeContext, makeRepo, removeTempDirs, tempDir } from '../../support/tool-fixtures.js';

afterAll(removeTempDirs);

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('edit_file', () => {
  it('replaces a unique exact match and records the file', async () => {
    const root = makeRepo({ 'src/a.ts': 'const a = 1;\nconst b = 2;\nconst c = 3;\n' });
    const ctx = makeContext(root);
    const result = await call(
      editFileTool,
      { path: 'src/a.ts', old_string: 'const b = 2;\n', new_string: 'const b = 20;\nconst bb = 21;\n' },
      ctx,
    );
    expect(result.isError).toBeUndefined();
    expect(result.output).toBe('Edited src/a.ts: replaced lines 2-2 with 2 lines');
    expect(read(root, 'src/a.ts')).toBe('const a = 1;\nconst b = 20;\nconst bb = 21;\nconst c = 3;\n');
    expect([...ctx.changedFiles]).toEqual(['src/a.ts']);
  });

  it('inserts replacement text literally ($& and $1 are not patterns)', async () => {
    const root = makeRepo({ 'a.txt': 'price: X\n' });
    await call(editFileTool, { path: 'a.txt', old_string: 'X', new_string: '$& $1 $$' }, makeContext(root));
    expect(read(root, 'a.txt')).toBe('price: $& $1 $$\n');
  });

  it('refuses a missing match with a hint, pointing at a whitespace-only difference', async () => {
    const root = makeRepo({ 'a.ts': 'function f() {\n    return 1;\n}\n' });
    const ctx = makeContext(root);
    const none = await call(editFileTool, { path: 'a.ts', old_string: 'return 2;', new_string: 'x' }, ctx);
    expect(none.isError).toBe(true);
    expect(none.output).toMatch(/old_string not found in "a\.ts"\. Read the file again/);
    const loose = await call(
      editFileTool,
      { path: 'a.ts', old_string: 'function f() {\n  return 1;', new_string: 'x' },
      ctx,
    );
    expect(loose.output).toMatch(/differs only in whitespace starts at line 1/);
    expect(ctx.changedFiles.size).toBe(0);
  });

  it('refuses an ambiguous match with the count and lines', async () => {
    const root = makeRepo({ 'a.ts': 'x = 1\ny = 2\nx = 1\nx = 1\n' });
    const result = await call(
      editFileTool,
      { path: 'a.ts', old_string: 'x = 1', new_string: 'x = 9' },
      makeContext(root),
    );
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/matches 3 times in "a\.ts" \(lines 1, 3, 4\)/);
    expect(read(root, 'a.ts')).toBe('x = 1\ny = 2\nx = 1\nx = 1\n');
  });

  it('creates a new file (and folders) with an empty old_string, but never overwrites one', async () => {
    const root = makeRepo({ 'a.ts': 'keep\n' });
    const ctx = makeContext(root);
    const created = await call(
      editFileTool,
      { path: 'new/dir/b.ts', old_string: '', new_string: 'b\n' },
      ctx,
    );
    expect(created.output).toBe('Created new/dir/b.ts (1 line)');
    expect(read(root, 'new/dir/b.ts')).toBe('b\n');
    const clobber = await call(editFileTool, { path: 'a.ts', old_string: '', new_string: 'gone' }, ctx);
    expect(clobber.isError).toBe(true);
    expect(clobber.output).toMatch(/already exists/);
    expect(read(root, 'a.ts')).toBe('keep\n');
    const missing = await call(editFileTool, { path: 'nope.ts', old_string: 'x', new_string: 'y' }, ctx);
    expect(missing.output).toMatch(/does not exist; to create it, pass an empty old_string/);
    expect([...ctx.changedFiles]).toEqual(['new/dir/b.ts']);
  });

  it('matches LF text in a CRLF file and keeps CRLF', async () => {
    const root = makeRepo({ 'w.txt': 'one\r\ntwo\r\nthree\r\n' });
    await call(
      editFileTool,
      { path: 'w.txt', old_string: 'one\ntwo', new_string: 'uno\ndos' },
      makeContext(root),
    );
    expect(read(root, 'w.txt')).toBe('uno\r\ndos\r\nthree\r\n');
  });

  it('refuses writes outside the root, through symlinks, and into .git', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'target.txt'), 'original');
    const root = makeRepo({ 'a.txt': 'a' });
    fs.symlinkSync(path.join(outside, 'target.txt'), path.join(root, 'link.txt'));
    fs.symlinkSync(outside, path.join(root, 'link-dir'));
    fs.symlinkSync(path.join(outside, 'fresh.txt'), path.join(root, 'dangling.txt'));
    const ctx = makeContext(root);
    const attempts = [
      { path: '../escape.txt', old_string: '', new_string: 'x' },
      { path: path.join(outside, 'abs.txt'), old_string: '', new_string: 'x' },
      { path: 'link.txt', old_string: 'original', new_string: 'pwned' },
      { path: 'link-dir/new.txt', old_string: '', new_string: 'x' },
      { path: 'dangling.txt', old_string: '', new_string: 'x' },
    ];
    for (const args of attempts) {
      const result = await call(editFileTool, args, ctx);
      expect(result.isError, args.path).toBe(true);
      expect(result.output).toMatch(/outside the project root/);
    }
    const git = await call(
      editFileTool,
      { path: '.git/config', old_string: '[core]', new_string: '[x]' },
      ctx,
    );
    expect(git.output).toMatch(/\.git/);
    expect(fs.readdirSync(outside).sort()).toEqual(['target.txt']);
    expect(fs.readFileSync(path.join(outside, 'target.txt'), 'utf8')).toBe('original');
    expect(fs.existsSync(path.join(path.dirname(root), 'escape.txt'))).toBe(false);
    expect(ctx.changedFiles.size).toBe(0);
  });
});
