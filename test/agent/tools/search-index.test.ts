// The kept search index answers exactly as `git grep --untracked` does: the same lines, files, order
// and cap, for every query it takes on, and again after files change between searches.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ereMatcher } from '../../../src/agent/tools/ere-to-js.js';
import { grepFiles } from '../../../src/agent/tools/grep.js';
import { grepIndexed } from '../../../src/agent/tools/grep-index.js';
import { secretFilter } from '../../../src/agent/tools/secrets.js';
import { closeSiblingIndexes } from '../../../src/agent/tools/sibling-index.js';
import { git, makeRepo, removeTempDirs, writeFiles } from '../../support/tool-fixtures.js';

afterAll(() => {
  closeSiblingIndexes();
  removeTempDirs();
});

const many = Array.from({ length: 260 }, (_, i) => `line ${i} common word\n`).join('');
const repo = makeRepo({
  '.gitignore': 'build/\n*.log\nonly-ignored/*.tmp\n!keep.log\ntracked-ignored/\n',
  'README.md': '# Title\n\nSome words, a TODO(x) and foo.bar()\nend without newline',
  'src/a.ts': 'export function handle1(input) {\n  return input * 42;\n}\nconst é = "café";\n',
  'src/b.ts': 'import { a } from "./a";\n\tindented\tline\n\n\nx = [1, 2]; y = {k: 1}\n',
  'src/many.txt': many,
  'src/crlf.txt': 'first line\r\nsecond line\r\n\r\nlast\r\n',
  'src/empty.txt': '',
  'src/blank.txt': '\n\n',
  'src/long.min.js': `${'var a=1;'.repeat(300)}function handle9(){}\n`,
  'dé/ü name.txt': 'unicode name and ünïcödé text\n',
  'odd\nname.txt': 'a file name with a newline\n',
  'keep.log': 'kept although *.log is ignored\n',
  'tabs.txt': 'a\tb\vc\fd e\n',
  'symbols.txt': 'a]b}c a-b a/b a"b a#b $HOME ^caret\n',
});
fs.writeFileSync(path.join(repo, 'bytes.txt'), Buffer.from([0x61, 0xe9, 0x62, 0x0a, 0xff, 0xfe, 0x0a]));
fs.writeFileSync(
  path.join(repo, 'binary.bin'),
  Buffer.concat([Buffer.from('common word\0'), Buffer.alloc(10)]),
);
fs.writeFileSync(
  path.join(repo, 'late-nul.txt'),
  Buffer.concat([Buffer.from(`${'x'.repeat(8100)}\n`), Buffer.from('common\0word\n')]),
);
writeFiles(repo, {
  'tracked-ignored/forced.txt': 'common word, tracked but ignored\n',
  'forced.log': 'common\n',
});
git(repo, 'add', '-A');
git(repo, 'add', '-f', 'tracked-ignored/forced.txt', 'forced.log');
git(repo, 'commit', '-q', '-m', 'bytes');
writeFiles(repo, {
  'untracked.txt': 'an untracked common word\n',
  'new/dir/deep.txt': 'deep untracked TODO(y)\n',
  'build/out.txt': 'ignored common word\n',
  'debug.log': 'ignored common word\n',
  'only-ignored/x.tmp': 'ignored common word\n',
  '.env': 'API_KEY=never-shown common word\n',
});
fs.symlinkSync('src/a.ts', path.join(repo, 'link.ts'));
fs.mkdirSync(path.join(repo, 'empty-dir'));

const deny = secretFilter();
const search = (query: string, where?: string, indexed = true) =>
  grepFiles(repo, query, where, { label: 'search', deny, indexed });

const QUERIES = [
  'common',
  'common word',
  'TODO(',
  'TODO\\([xy]\\)',
  'foo.bar',
  'foo\\.bar\\(\\)',
  '^end',
  'newline$',
  'line$',
  '^$',
  '^',
  'x*',
  '\\bline\\b',
  '\\<handle[0-9]\\>',
  'handle[[:digit:]]+',
  '[[:upper:]][[:lower:]]+',
  '[^a-z ]',
  '[^[:space:]]+ $',
  '\\w+\\(',
  '\\W\\W',
  '\\s\\S',
  'a.b',
  'é',
  'caf[é]',
  '[é]',
  'ü|ï',
  '(return|export) ',
  '(ab)+|x{2}',
  'line [0-9]{2,3} ',
  'line [0-9]{,1} ',
  'a]b',
  'b}c',
  '\\$HOME',
  '\\^caret',
  'y = \\{k',
  'a\\-b a\\/b a"b a#b',
  'word\\r',
  'second line.$',
  '\tline',
  'b.c.d',
  'common.word',
  'var a=1;var',
  'API_KEY',
  'never-shown',
];

async function expectSameAsGit(query: string, where?: string): Promise<void> {
  const outcome = (indexed: boolean) =>
    search(query, where, indexed).then(
      (result) => result,
      (error: Error) => ({ output: error.message, summary: 'failed' }),
    );
  const [fromIndex, fromGit] = [await outcome(true), await outcome(false)];
  expect({ query, where, output: fromIndex.output }).toEqual({ query, where, output: fromGit.output });
  expect(fromIndex.summary).toBe(fromGit.summary);
}

describe('the kept search index', () => {
  it('answers every query exactly as git grep does', async () => {
    for (const query of QUERIES) await expectSameAsGit(query);
    for (const where of ['src', 'dé', 'src/a.ts', 'new']) await expectSameAsGit('e', where);
    // The cap: first 200 in git's order, then the footer.
    expect((await search('common')).output).toMatch(/more matches not shown/);
  });

  it('lets git answer the first search while it builds, then answers itself', async () => {
    const fresh = makeRepo({ 'a.txt': 'hello\n' });
    const answered = () => grepIndexed(fresh, 'hello', true, '.', () => true);
    const answers = [await answered(), await answered()];
    expect(answers).toEqual([false, true]);
  });

  it('takes on the usual queries itself and leaves the rest to git', async () => {
    await search('common');
    const answered: string[] = [];
    for (const query of QUERIES) {
      const fixed = !/[.^$*+?()[\]{}|\\]/.test(query);
      if (await grepIndexed(repo, query, fixed, '.', () => true)) answered.push(query);
    }
    // Refused: a regex git rejects, `\r` (not a carriage return for git), and the repeating ones,
    // since the repository holds a minified line.
    expect(QUERIES.filter((query) => !answered.includes(query))).toEqual([
      'TODO(',
      'x*',
      'handle[[:digit:]]+',
      '[[:upper:]][[:lower:]]+',
      '[^[:space:]]+ $',
      '\\w+\\(',
      '(ab)+|x{2}',
      'word\\r',
    ]);
    expect(answered.length).toBeGreaterThan(30);
    for (const query of ['\\1', '[[.a.]]', 'a**', '(a*)+', '\\d', '\\n', '\\`x', 'a{3,1}', '()']) {
      expect(ereMatcher(query)).toBeUndefined();
    }
  });

  it('sees files modified, added, deleted and newly ignored between searches', async () => {
    await search('common');
    await expectSameAsGit('common');
    const steps: Array<() => void> = [
      // Same size, new content: only the watch can tell.
      () =>
        fs.writeFileSync(
          path.join(repo, 'src/a.ts'),
          fs.readFileSync(path.join(repo, 'src/a.ts'), 'utf8').replace('42', '43'),
        ),
      () => writeFiles(repo, { 'src/added.ts': 'added common word\n' }),
      () => writeFiles(repo, { 'brand/new/folder/file.txt': 'nested common word\n' }),
      () => writeFiles(repo, { 'empty-dir/now.txt': 'common word in a once empty folder\n' }),
      () => writeFiles(repo, { 'only-ignored/seen.txt': 'common word beside ignored files\n' }),
      () => fs.rmSync(path.join(repo, 'untracked.txt')),
      () => fs.rmSync(path.join(repo, 'src/b.ts')),
      () => fs.appendFileSync(path.join(repo, '.gitignore'), 'src/added.ts\n'),
      () => fs.renameSync(path.join(repo, 'new'), path.join(repo, 'renamed')),
      () => git(repo, 'add', 'src/added.ts', '-f'),
      () => git(repo, 'rm', '-q', '--cached', 'src/many.txt'),
      () => fs.writeFileSync(path.join(repo, 'binary.bin'), 'now text, common word\n'),
      // An editor's atomic save: a temporary name, renamed over the file.
      () => {
        fs.writeFileSync(path.join(repo, 'src/.a.ts.swp'), 'saved common word 42\n');
        fs.renameSync(path.join(repo, 'src/.a.ts.swp'), path.join(repo, 'src/a.ts'));
      },
      () => writeFiles(repo, { 'src/noise.log': 'ignored common word\n' }),
      () => fs.renameSync(path.join(repo, 'keep.log'), path.join(repo, 'kept.txt')),
      () => fs.rmSync(path.join(repo, 'renamed'), { recursive: true }),
      () => writeFiles(repo, { '.git/info/exclude': 'kept.txt\n' }),
      // A checkout rewrites many files at once and the index with them.
      () => {
        git(repo, 'add', '-A');
        git(repo, 'commit', '-q', '-m', 'changes');
        git(repo, 'checkout', '-q', '-b', 'other');
        fs.writeFileSync(path.join(repo, 'README.md'), 'other branch, common word\n');
        fs.rmSync(path.join(repo, 'src/a.ts'));
        git(repo, 'commit', '-q', '-am', 'other');
        git(repo, 'checkout', '-q', 'main');
      },
      () => git(repo, 'checkout', '-q', 'other', '--', 'README.md'),
    ];
    for (const step of steps) {
      step();
      for (const query of ['common', 'common word$', '4[23]', 'TODO']) await expectSameAsGit(query);
      // From the index each time, not git's answer by a fallback.
      expect(await grepIndexed(repo, 'common', true, '.', () => true)).toBe(true);
    }
  });

  it('agrees with git on random regexes', async () => {
    const small = makeRepo({
      'a.txt': 'foo bar\nFoo_Bar baz\n\n  indented\t tab\nx=1; y=[2]; z={3}\nend',
      'b.txt': 'abc abc abcabc\n(paren) [bracket] {brace}\n^caret$ dollar\\back\n\r\ncafé naïve\n',
      'c.txt': '\n\n\nonly blanks above\n   \n',
      'e.txt': 'aaa\nab\nb\n-a-b-\na.b\n',
    });
    fs.writeFileSync(
      path.join(small, 'f.txt'),
      Buffer.from([0x61, 0xe9, 0x0a, 0xc3, 0x0a, 0xff, 0x62, 0x0a]),
    );
    const atoms = [
      'a',
      'b',
      ' ',
      '.',
      '\\.',
      '[ab]',
      '[^a]',
      '[^a-c ]',
      '[[:alpha:]]',
      '[[:space:]]',
      '\\w',
      '\\W',
    ];
    atoms.push(
      '\\s',
      '\\S',
      '\\b',
      '\\<',
      '\\>',
      '^',
      '$',
      '(a|b)',
      '(ab)',
      '\\(',
      ']',
      '}',
      'é',
      '[é]',
      '[]a]',
      '\t',
    );
    const repeats = ['', '', '', '*', '+', '?', '{2}', '{1,2}', '{,1}', '{1,}'];
    let seed = 12345;
    const pick = <T>(list: T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return list[seed % list.length]!;
    };
    let answered = 0;
    for (let k = 0; k < 300; k++) {
      let query = '';
      for (let i = 0, n = 1 + (k % 4); i < n; i++) query += pick(atoms) + pick(repeats);
      if (k % 6 === 0) query += `|${pick(atoms)}`;
      const run = (indexed: boolean) =>
        grepFiles(small, query, undefined, { label: 's', deny, indexed }).then(
          (result) => result.output,
          (error: Error) => error.message,
        );
      expect({ query, output: await run(true) }).toEqual({ query, output: await run(false) });
      if (ereMatcher(query)) answered++;
    }
    expect(answered).toBeGreaterThan(200);
  });

  it('skips and keeps files as their diff attribute says, as git grep -I does', async () => {
    const attributed = makeRepo({
      '.gitattributes': '*.dat binary\n*.forced diff\n*.drv diff=mydrv\n*.py diff=python\n',
      'plain.txt': 'needle in text\n',
      'data.dat': 'needle in a file marked binary\n',
      'app.py': 'needle in python\n',
    });
    git(attributed, 'config', 'diff.mydrv.binary', 'true');
    const withNul = (text: string) => Buffer.concat([Buffer.from(`${text}\n`), Buffer.from([0, 10])]);
    fs.writeFileSync(path.join(attributed, 'nul.forced'), withNul('needle beside a NUL, text by attribute'));
    fs.writeFileSync(path.join(attributed, 'nul.txt'), withNul('needle beside a NUL'));
    fs.writeFileSync(path.join(attributed, 'by-driver.drv'), 'needle, binary by its driver\n');
    const same = async () => {
      const outcome = (indexed: boolean) =>
        grepFiles(attributed, 'needle', undefined, { label: 's', deny, indexed }).then((r) => r.output);
      const [fromIndex, fromGit] = [await outcome(true), await outcome(false)];
      expect(fromIndex).toBe(fromGit);
      expect(await grepIndexed(attributed, 'needle', true, '.', () => true)).toBe(true);
      return fromGit;
    };
    await grepIndexed(attributed, 'needle', true, '.', () => true);
    expect(await same()).toBe(
      [
        'app.py:1:needle in python',
        'nul.forced:1:needle beside a NUL, text by attribute',
        'plain.txt:1:needle in text',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(attributed, 'more.dat'), 'needle added, binary\n');
    fs.writeFileSync(path.join(attributed, '.gitattributes'), '*.drv diff\n');
    await same();
  });
});
