import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePatch } from '../../src/agent/patch/parse.js';
import { applyPatchTool } from '../../src/agent/tools/apply-patch.js';
import { call, makeContext, makeRepo, removeTempDirs, tempDir } from '../support/tool-fixtures.js';

afterAll(removeTempDirs);

const read = (root: string, file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const patch = (...lines: string[]) => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

const RETRY = [
  'import { sleep } from "./sleep";',
  '',
  'export function retry(fn, times) {',
  '  for (let i = 0; i < times; i++) {',
  '    try {',
  '      return fn();',
  '    } catch {',
  '      sleep(100);',
  '    }',
  '  }',
  '}',
  '',
  'export function once(fn) {',
  '  return fn();',
  '}',
  '',
].join('\n');

describe('parsePatch', () => {
  it('parses every operation kind', () => {
    const ops = parsePatch(
      patch(
        '*** Add File: a.txt',
        '+one',
        '+two',
        '*** Delete File: b.txt',
        '*** Update File: c.txt',
        '*** Move to: d.txt',
        '@@ class C',
        '@@   method()',
        ' keep',
        '-old',
        '+new',
        '*** End of File',
      ),
    );
    expect(ops).toEqual([
      { type: 'add', path: 'a.txt', content: 'one\ntwo\n', line: 2 },
      { type: 'delete', path: 'b.txt', line: 5 },
      {
        type: 'update',
        path: 'c.txt',
        moveTo: 'd.txt',
        line: 6,
        hunks: [
          {
            anchors: ['class C', 'method()'],
            oldLines: ['keep', 'old'],
            newLines: ['keep', 'new'],
            marks: ' -+',
            atEnd: true,
            line: 8,
          },
        ],
      },
    ]);
  });

  it('unwraps a heredoc and ignores unified-diff line numbers', () => {
    const ops = parsePatch(
      `apply_patch <<'EOF'\n${patch('*** Update File: x', '@@ -1,2 +1,2 @@', '-a', '+b')}\nEOF\n`,
    );
    expect(ops[0]).toMatchObject({
      type: 'update',
      hunks: [{ anchors: [], oldLines: ['a'], newLines: ['b'] }],
    });
  });

  it.each([
    [
      'no begin',
      '*** Update File: x\n-a\n*** End Patch',
      /line 1: the patch must start with "\*\*\* Begin Patch"/,
    ],
    ['no end', '*** Begin Patch\n*** Add File: x\n+a', /must end with "\*\*\* End Patch"/],
    ['bad header', patch('*** Rename File: x'), /line 2: expected "\*\*\* Add File:"/],
    [
      'bad add line',
      patch('*** Add File: x', 'no plus'),
      /line 3: every line of "\*\*\* Add File: x" must start with "\+"/,
    ],
    [
      'bad hunk line',
      patch('*** Update File: x', '@@', '-a', '?b'),
      /line 5: lines in a hunk .* must start with/,
    ],
    ['empty update', patch('*** Update File: x'), /has no hunks/],
    ['empty path', patch('*** Delete File: '), /needs a path/],
  ])('reports %s with its line', (_name, text, message) => {
    expect(() => parsePatch(text)).toThrow(message);
  });
});

describe('apply_patch', () => {
  it('adds, updates with several hunks, deletes and moves in one patch', async () => {
    const root = makeRepo({
      'src/retry.ts': RETRY,
      'old.txt': 'bye\n',
      'src/name.ts': 'export const name = "a";\n',
    });
    const ctx = makeContext(root);
    const result = await call(
      applyPatchTool,
      {
        patch: patch(
          '*** Add File: docs/new.md',
          '+# New',
          '+',
          '+text',
          '*** Update File: src/retry.ts',
          '@@ export function retry(fn, times) {',
          '     try {',
          '       return fn();',
          '     } catch {',
          '-      sleep(100);',
          '+      sleep(200);',
          '     }',
          '@@ export function once(fn) {',
          '-  return fn();',
          '+  return fn?.();',
          ' }',
          '*** Delete File: old.txt',
          '*** Update File: src/name.ts',
          '*** Move to: src/names/name.ts',
          '@@',
          '-export const name = "a";',
          '+export const name = "b";',
        ),
      },
      ctx,
    );
    expect(result.isError).toBeUndefined();
    expect(result.output).toBe(
      'Applied the patch:\nA docs/new.md\nM src/retry.ts\nD old.txt\nR src/name.ts → src/names/name.ts',
    );
    expect(read(root, 'docs/new.md')).toBe('# New\n\ntext\n');
    expect(read(root, 'src/retry.ts')).toBe(
      RETRY.replace('sleep(100)', 'sleep(200)').replace('{\n  return fn();', '{\n  return fn?.();'),
    );
    expect(fs.existsSync(path.join(root, 'old.txt'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'src/name.ts'))).toBe(false);
    expect(read(root, 'src/names/name.ts')).toBe('export const name = "b";\n');
    expect([...ctx.changedFiles].sort()).toEqual([
      'docs/new.md',
      'old.txt',
      'src/name.ts',
      'src/names/name.ts',
      'src/retry.ts',
    ]);
  });

  it('tolerates trailing whitespace in context, keeps CRLF and the missing final newline', async () => {
    const root = makeRepo({ 'a.txt': 'one  \r\ntwo\r\nthree', 'b.txt': 'x\ny\n' });
    const result = await call(
      applyPatchTool,
      {
        patch: patch(
          '*** Update File: a.txt',
          ' one',
          '-two',
          '+TWO',
          ' three',
          '*** End of File',
          '*** Update File: b.txt',
          '@@ x',
          '+inserted',
        ),
      },
      makeContext(root),
    );
    expect(result.isError).toBeUndefined();
    expect(read(root, 'a.txt')).toBe('one  \r\nTWO\r\nthree');
    expect(read(root, 'b.txt')).toBe('x\ninserted\ny\n');
  });

  it('names the file and hunk that failed and changes nothing', async () => {
    const root = makeRepo({ 'src/retry.ts': RETRY, 'keep.txt': 'keep\n' });
    const ctx = makeContext(root);
    const result = await call(
      applyPatchTool,
      {
        patch: patch(
          '*** Add File: created.txt',
          '+should not appear',
          '*** Delete File: keep.txt',
          '*** Update File: src/retry.ts',
          '@@ export function retry(fn, times) {',
          '-      sleep(100);',
          '+      sleep(1);',
          '@@ export function once(fn) {',
          '-  return fn(42);',
          '+  return 0;',
        ),
      },
      ctx,
    );
    expect(result.isError).toBe(true);
    expect(result.output).toBe(
      'Update File src/retry.ts: hunk 2 (@@ export function once(fn) {) context not found: "  return fn(42);". ' +
        'No file was changed; read the file and send the corrected patch.',
    );
    expect(read(root, 'src/retry.ts')).toBe(RETRY);
    expect(read(root, 'keep.txt')).toBe('keep\n');
    expect(fs.existsSync(path.join(root, 'created.txt'))).toBe(false);
    expect(ctx.changedFiles.size).toBe(0);
  });

  it('says when hunks are out of order or an anchor is missing', async () => {
    const root = makeRepo({ 'src/retry.ts': RETRY });
    const ctx = makeContext(root);
    const disorder = await call(
      applyPatchTool,
      {
        patch: patch(
          '*** Update File: src/retry.ts',
          '@@ export function once(fn) {',
          ' }',
          '@@',
          '-import { sleep } from "./sleep";',
          '+x',
        ),
      },
      ctx,
    );
    expect(disorder.output).toMatch(/hunk 2 context not found: .* hunks must follow the file order/);
    const anchor = await call(
      applyPatchTool,
      { patch: patch('*** Update File: src/retry.ts', '@@ function nowhere', '-x', '+y') },
      ctx,
    );
    expect(anchor.output).toMatch(
      /^Update File src\/retry\.ts: hunk 1 \(@@ function nowhere\) anchor not found/,
    );
  });

  it.each([
    [
      'adding an existing file',
      patch('*** Add File: a.txt', '+x'),
      /Add File a\.txt: the file already exists/,
    ],
    ['deleting a missing file', patch('*** Delete File: nope.txt'), /Delete File nope\.txt: no such file/],
    [
      'updating a missing file',
      patch('*** Update File: nope.txt', '-a', '+b'),
      /Update File nope\.txt: no such file/,
    ],
    [
      'moving onto a file',
      patch('*** Update File: a.txt', '*** Move to: b.txt'),
      /cannot move to "b\.txt", which already exists/,
    ],
    ['a parse error', patch('*** Frobnicate: a.txt'), /^Invalid patch, line 2: .* No file was changed\.$/],
  ])('refuses %s', async (_name, text, message) => {
    const root = makeRepo({ 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const result = await call(applyPatchTool, { patch: text }, makeContext(root));
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(message);
    expect(read(root, 'a.txt')).toBe('a\n');
  });

  it('refuses paths outside the root, through symlinks and into .git', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'target.txt'), 'original\n');
    const root = makeRepo({ 'a.txt': 'a\n' });
    fs.symlinkSync(path.join(outside, 'target.txt'), path.join(root, 'link.txt'));
    const ctx = makeContext(root);
    const cases = [
      [patch('*** Add File: ../escape.txt', '+x'), /Add File \.\.\/escape\.txt: .*outside the project root/],
      [patch(`*** Add File: ${path.join(outside, 'abs.txt')}`, '+x'), /outside the project root/],
      [patch('*** Update File: link.txt', '-original', '+pwned'), /outside the project root/],
      [
        patch('*** Update File: a.txt', '*** Move to: ../moved.txt'),
        /move to \.\.\/moved\.txt.*outside the project root/,
      ],
      [patch('*** Add File: .git/hooks/pre-commit', '+x'), /\.git/],
    ] as const;
    for (const [text, message] of cases) {
      const result = await call(applyPatchTool, { patch: text }, ctx);
      expect(result.isError).toBe(true);
      expect(result.output).toMatch(message);
    }
    expect(fs.readdirSync(outside)).toEqual(['target.txt']);
    expect(read(outside, 'target.txt')).toBe('original\n');
    expect(read(root, 'a.txt')).toBe('a\n');
    expect(ctx.changedFiles.size).toBe(0);
  });
});
