import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFilesTool } from '../../../src/agent/tools/list-files.js';
import { readFileTool } from '../../../src/agent/tools/read-file.js';
import { searchTool } from '../../../src/agent/tools/search.js';
import {
  call,
  makeContext,
  makeRepo,
  removeTempDirs,
  tempDir,
  writeFiles,
} from '../../support/tool-fixtures.js';

afterAll(removeTempDirs);

const outside = tempDir();
fs.writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET needle\n');
const root = makeRepo({
  '.gitignore': 'dist/\n*.log\n',
  'README.md': '# Demo\n',
  'src/a.ts': 'export const a = 1;\nexport function needle() {}\n',
  'src/deep/b.ts': 'const needle = "b";\n',
  'src/deep/deeper/c.ts': 'c\n',
  'docs/weird:name.md': 'needle in a weird name\n',
  'big.txt': `${Array.from({ length: 2500 }, (_, i) => `row ${i + 1}`).join('\n')}\n`,
});
writeFiles(root, {
  'dist/out.js': 'needle in ignored output\n',
  'debug.log': 'needle in a log\n',
  'untracked.ts': 'const needle = "untracked";\n',
  'crlf.txt': 'one\r\ntwo\r\n',
  'empty.txt': '',
});
fs.writeFileSync(
  path.join(root, 'image.bin'),
  Buffer.from([0x89, 0x50, 0, 1, 2, 0x6e, 0x65, 0x65, 0x64, 0x6c, 0x65]),
);
fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'leak.txt'));
fs.symlinkSync(outside, path.join(root, 'leak-dir'));
const ctx = makeContext(root);

describe('read_file', () => {
  it('shows numbered lines', async () => {
    const result = await call(readFileTool, { path: 'src/a.ts' }, ctx);
    expect(result.output).toBe('1\texport const a = 1;\n2\texport function needle() {}');
    expect(result.isError).toBeUndefined();
  });

  it('reads a range and says when the file continues', async () => {
    const result = await call(readFileTool, { path: 'big.txt', start_line: 10, end_line: 12 }, ctx);
    expect(result.output).toBe('10\trow 10\n11\trow 11\n12\trow 12\n(lines 10-12 shown; the file continues)');
    const last = await call(readFileTool, { path: 'big.txt', start_line: 2499 }, ctx);
    expect(last.output).toBe('2499\trow 2499\n2500\trow 2500');
  });

  it('accepts an absolute path inside the root and strips CR', async () => {
    const result = await call(readFileTool, { path: path.join(root, 'crlf.txt') }, ctx);
    expect(result.output).toBe('1\tone\n2\ttwo');
  });

  it.each([
    ['big.txt', {}, /2500 lines.*start_line\/end_line/],
    ['image.bin', {}, /binary/],
    ['missing.ts', {}, /does not exist/],
    ['src', {}, /is a folder/],
    ['big.txt', { start_line: 3000 }, /only 2500 lines/],
    ['big.txt', { start_line: 1, end_line: 2500 }, /at most 2000/],
    ['big.txt', { start_line: 5, end_line: 2 }, /end_line/],
    ['../x', {}, /outside the project root/],
    ['/etc/passwd', {}, /outside the project root/],
    ['leak.txt', {}, /outside the project root/],
    ['leak-dir/secret.txt', {}, /outside the project root/],
  ])('refuses %s %o', async (file, range, message) => {
    const result = await call(readFileTool, { path: file, ...range }, ctx);
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(message);
    expect(result.output).not.toContain('OUTSIDE-SECRET');
  });

  it('refuses files over 256 KiB without a range but reads a range of them', async () => {
    writeFiles(root, { 'huge.txt': `${'x'.repeat(1000)}\n`.repeat(300) });
    const whole = await call(readFileTool, { path: 'huge.txt' }, ctx);
    expect(whole.output).toMatch(/KiB, too big.*start_line/);
    const part = await call(readFileTool, { path: 'huge.txt', start_line: 300, end_line: 300 }, ctx);
    expect(part.output).toBe(`300\t${'x'.repeat(1000)}`);
  });

  it('says when a file is empty', async () => {
    expect((await call(readFileTool, { path: 'empty.txt' }, ctx)).output).toMatch(/empty/);
  });
});

describe('list_files', () => {
  it('lists a tree honouring .gitignore, folders first and marked with /', async () => {
    const result = await call(listFilesTool, {}, ctx);
    const lines = result.output.split('\n');
    expect(lines[0]).toMatch(/^\.\/ \(\d+ files\)$/);
    expect(lines).toContain('docs/');
    expect(lines).toContain('src/');
    expect(lines).toContain('  deep/');
    expect(lines).toContain('    deeper/ (1 file)');
    expect(lines).toContain('untracked.ts');
    expect(lines).toContain('leak.txt');
    expect(result.output).not.toContain('dist');
    expect(result.output).not.toContain('debug.log');
    expect(lines.indexOf('src/')).toBeLessThan(lines.indexOf('README.md'));
  });

  it('lists a subfolder to a depth', async () => {
    const result = await call(listFilesTool, { path: 'src', depth: 1 }, ctx);
    expect(result.output).toBe('src/ (3 files)\ndeep/ (2 files)\na.ts');
  });

  it('leaves out tracked files deleted from the work tree', async () => {
    const repo = makeRepo({ 'keep.txt': 'k', 'gone.txt': 'g' });
    fs.rmSync(path.join(repo, 'gone.txt'));
    const result = await call(listFilesTool, {}, makeContext(repo));
    expect(result.output).toBe('./ (1 file)\nkeep.txt');
  });

  it('caps long listings with a "more" marker', async () => {
    const repo = makeRepo(Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`f${i}.txt`, ''])));
    const result = await call(listFilesTool, {}, makeContext(repo));
    expect(result.output.split('\n')).toHaveLength(402);
    expect(result.output).toMatch(/… 50 more entries/);
  });

  it('works outside a git repository, with the top .gitignore', async () => {
    const dir = tempDir();
    writeFiles(dir, { '.gitignore': 'skip/\n', 'a.txt': '', 'skip/b.txt': '', 'c/d.txt': '' });
    const result = await call(listFilesTool, {}, makeContext(dir));
    expect(result.output).toBe('./ (3 files)\nc/\n  d.txt\n.gitignore\na.txt');
  });

  it('refuses paths outside the root and missing folders', async () => {
    for (const bad of ['../', '/etc', 'leak-dir']) {
      const result = await call(listFilesTool, { path: bad }, ctx);
      expect(result.isError).toBe(true);
      expect(result.output).toMatch(/outside the project root/);
    }
    expect((await call(listFilesTool, { path: 'nope' }, ctx)).output).toMatch(/does not exist/);
  });
});

describe('search', () => {
  it('finds matches in tracked and untracked files, skipping ignored and binary ones', async () => {
    const result = await call(searchTool, { query: 'needle' }, ctx);
    expect(result.output.split('\n').sort()).toEqual([
      'docs/weird:name.md:1:needle in a weird name',
      'src/a.ts:2:export function needle() {}',
      'src/deep/b.ts:1:const needle = "b";',
      'untracked.ts:1:const needle = "untracked";',
    ]);
    expect(result.summary).toMatch(/4 matches/);
    expect(result.output).not.toContain('OUTSIDE-SECRET');
  });

  it('takes an extended regex and a path', async () => {
    const result = await call(searchTool, { query: 'needle( =|\\()', path: 'src/deep' }, ctx);
    expect(result.output).toBe('src/deep/b.ts:1:const needle = "b";');
  });

  it('never takes the query or the path as an option', async () => {
    const result = await call(searchTool, { query: '--help' }, ctx);
    expect(result.output).toBe('no matches');
    const dashed = await call(searchTool, { query: 'x', path: '--no-index' }, ctx);
    expect(dashed.isError).toBe(true);
    expect(dashed.output).toBe('"--no-index" does not exist');
    writeFiles(root, { '--no-index': 'x marks\n' });
    const file = await call(searchTool, { query: 'x', path: '--no-index' }, ctx);
    expect(file.output).toBe('--no-index:1:x marks');
    fs.rmSync(path.join(root, '--no-index'));
  });

  it('reports no matches clearly, and bad regexes as errors', async () => {
    const none = await call(searchTool, { query: 'zzz-not-there' }, ctx);
    expect(none.isError).toBeUndefined();
    expect(none.output).toBe('no matches');
    const bad = await call(searchTool, { query: '(unclosed' }, ctx);
    expect(bad.isError).toBe(true);
    expect(bad.output).toMatch(/Search failed/);
  });

  it('caps matches and cuts long lines', async () => {
    const repo = makeRepo({
      'many.txt': 'hit\n'.repeat(500),
      'long.txt': `hit ${'y'.repeat(1000)}\n`,
    });
    const result = await call(searchTool, { query: 'hit' }, makeContext(repo));
    const lines = result.output.split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toMatch(/^long\.txt:1:hit y+… \[line cut\]$/);
    expect(lines[0]!.length).toBeLessThan(350);
    expect(lines.at(-1)).toMatch(/more matches not shown/);
  });

  it('refuses a path outside the root', async () => {
    const result = await call(searchTool, { query: 'needle', path: '../' }, ctx);
    expect(result.isError).toBe(true);
  });
});
