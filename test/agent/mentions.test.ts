// `@name` mentions: parsing (pure), resolving against a workspace, and the reference blocks built from
// real git repositories — budget, secrets, ranges, path escapes.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARS_PER_TOKEN } from '../../src/agent/mention-budget.js';
import { type Mention, parseMentions, resolveMentions, unknownMentions } from '../../src/agent/mentions.js';
import { buildReferenceBlocks, consultedLine, referencesFor } from '../../src/agent/reference-block.js';
import { discoverProjects } from '../../src/core/workspace.js';
import { UserError } from '../../src/errors.js';
import type { Intent } from '../../src/model/intent.js';
import type { Workspace } from '../../src/model/project.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterAll(removeTempDirs);

type Expected = Omit<Mention, 'raw' | 'index'> & Partial<Pick<Mention, 'raw' | 'index'>>;

const parseCases: [string, Expected[]][] = [
  ['@api', [{ project: 'api', raw: '@api', index: 0 }]],
  ['do it the way @api does.', [{ project: 'api', raw: '@api', index: 14 }]],
  ['see @api:src/retry.ts', [{ project: 'api', path: 'src/retry.ts' }]],
  [
    'see @api:src/retry.ts#L10-40, then test',
    [{ project: 'api', path: 'src/retry.ts', startLine: 10, endLine: 40, raw: '@api:src/retry.ts#L10-40' }],
  ],
  ['@api:src/retry.ts#L10', [{ project: 'api', path: 'src/retry.ts', startLine: 10, endLine: 10 }]],
  ['@api:src/retry.ts#L10-L12', [{ project: 'api', path: 'src/retry.ts', startLine: 10, endLine: 12 }]],
  ['(like @api:src/x.ts).', [{ project: 'api', path: 'src/x.ts', raw: '@api:src/x.ts', index: 6 }]],
  ['(@web)', [{ project: 'web', index: 1 }]],
  ['ask @api: it knows', [{ project: 'api', raw: '@api' }]],
  ['really @api?!', [{ project: 'api' }]],
  ['mail me@host.com or a@b', []],
  ['@parent/name:lib/a.ts', [{ project: 'parent/name', path: 'lib/a.ts' }]],
  ['@my-app_2.0 works', [{ project: 'my-app_2.0' }]],
  ['@api, @web; @worker!', [{ project: 'api' }, { project: 'web' }, { project: 'worker' }]],
  ['first line\n@web second', [{ project: 'web', index: 11 }]],
  ['tab\t@web', [{ project: 'web' }]],
  ['@@twice and @-dash', []],
  ['keep `@Component` and\n```ts\n@Injectable()\nclass A {}\n```\nbut @api', [{ project: 'api' }]],
  ['@api:src/a.ts#intro', [{ project: 'api', path: 'src/a.ts', raw: '@api:src/a.ts' }]],
];

describe('parseMentions', () => {
  it.each(parseCases)('%j', (text, expected) => {
    const mentions = parseMentions(text);
    expect(mentions).toHaveLength(expected.length);
    mentions.forEach((mention, i) => {
      expect(mention).toMatchObject(expected[i]!);
      // The index points at the mention in the original text.
      expect(text.slice(mention.index, mention.index + mention.raw.length)).toBe(mention.raw);
    });
  });
});

const workspace: Workspace = {
  root: '/ws',
  projects: ['api', 'web', 'worker'].map((name) => ({ name, path: `/ws/${name}`, pinned: false })),
};

describe('resolveMentions', () => {
  it('keeps an @word that is no project as text: only projects are references', () => {
    const mentions = resolveMentions('like @api and @foo, @types/node, @Injectable do', [], workspace, 'web');
    expect(mentions.map((m) => m.raw)).toEqual(['@api']);
    expect(resolveMentions('@foo @bar:x.ts', [], workspace)).toEqual([]);
  });

  it('notes the @words that look like a project was meant, not npm scopes or decorators', () => {
    expect(unknownMentions('fix @wrker and @ap1 like @nope:src/x.ts', ['api', 'web', 'worker'])).toEqual([
      '@wrker',
      '@ap1',
      '@nope',
    ]);
    expect(unknownMentions('@types/node @vitejs/plugin-react @Injectable @api @Web', ['api', 'web'])).toEqual(
      [],
    );
  });

  it('refuses an unknown project among the refs (given on purpose), in one line that lists the known ones', () => {
    const call = () => resolveMentions('plain text', ['@gone'], workspace);
    expect(call).toThrow(UserError);
    expect(call).toThrow(/^unknown project @gone; known projects: api, web, worker$/);
  });

  it('takes refs with or without @, skips the project itself, and fixes the case', () => {
    const mentions = resolveMentions('see @web:x.ts and @API', ['@worker', 'api'], workspace, 'web');
    expect(mentions.map((m) => [m.project, m.index >= 0])).toEqual([
      ['api', true],
      ['worker', false],
      ['api', false],
    ]);
  });

  it('refuses a backwards line range', () => {
    expect(() => resolveMentions('@api:a.ts#L40-10', [], workspace)).toThrow(
      /bad line range in @api:a.ts#L40-10/,
    );
    expect(() => resolveMentions('@api:a.ts#L0', [], workspace)).toThrow(/bad line range/);
  });
});

const SECRET = 'sk-live-MENTION-SECRET-9911';
const root = makeTempDir('shipyard-mentions-');
const api = createRepo({ parent: root, name: 'api' });
const retry = Array.from({ length: 60 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n');
api.commit('api files', {
  files: {
    'AGENTS.md': '# API agents\n\nAlways retry with jittered backoff.\n',
    'src/retry.ts': `${retry}\n`,
    'private/plan.md': `plan ${SECRET}\n`,
    'big.txt': `${'x'.repeat(100)}\n`.repeat(2000),
  },
});
api.write('.env', `API_KEY=${SECRET}\n`);
api.write('config/server.key', `${SECRET}\n`);
fs.writeFileSync(path.join(root, 'outside.txt'), `${SECRET}\n`);
const web = createRepo({ parent: root, name: 'web' });
web.commit('web', { files: { 'CLAUDE.md': '# Web\n\nUse React.\n', 'app.tsx': 'export {};\n' } });
const worker = createRepo({ parent: root, name: 'worker', branch: 'jobs' });
for (let i = 0; i < 300; i++)
  worker.write(`jobs/job${String(i).padStart(3, '0')}.ts`, `export const job = ${i};\n`);
const real: Workspace = { root, projects: discoverProjects(root, []) };
const blocksFor = (text: string, tokenBudget = 6000, denyPatterns: string[] = []) =>
  buildReferenceBlocks(resolveMentions(text, [], real, 'web'), real, { tokenBudget, denyPatterns });

describe('buildReferenceBlocks', () => {
  it('shows the path, branch, requested lines first, then AGENTS.md, README and tree', async () => {
    const [block] = await blocksFor('like @api:src/retry.ts#L10-12 does');
    expect(block!.name).toBe('api');
    const text = block!.text;
    expect(text).toContain(`@api: ${api.path} (branch main)`);
    expect(text).toContain(
      '10\texport const line10 = 10;\n11\texport const line11 = 11;\n12\texport const line12 = 12;',
    );
    expect(text).not.toContain('line9 =');
    expect(text).not.toContain('line13 =');
    expect(text).toContain('Always retry with jittered backoff.');
    expect(text).toContain('0: initial'); // README head
    expect(text).toMatch(/src\/\n\s+retry\.ts/); // tree
    const order = ['## src/retry.ts#L10-12', '## AGENTS.md', '## README.md', '## file tree'].map((h) =>
      text.indexOf(h),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(consultedLine([block!])).toBe(
      'references: @api (AGENTS.md, README.md, tree, src/retry.ts#L10-12)',
    );
  });

  it('never includes secrets: refused in one line, content absent, also from the tree', async () => {
    const blocks = await blocksFor(
      '@api:.env @api:config/server.key @api:private/plan.md @api:../outside.txt @api:.git/config',
      6000,
      ['private/'],
    );
    const text = blocks[0]!.text;
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/^\.env refused: Refusing "\.env": it may hold secrets.*$/m);
    expect(text).toMatch(/^config\/server\.key refused: /m);
    expect(text).toMatch(/^private\/plan\.md refused: /m);
    expect(text).toMatch(/^\.\.\/outside\.txt refused: .*outside the project root/m);
    expect(text).toMatch(/^\.git\/config refused: /m);
    const tree = text.slice(text.indexOf('## file tree'));
    expect(tree).not.toMatch(/\.env|server\.key|plan\.md/);
    expect(blocks[0]!.consulted).toContain('.env (refused)');
  });

  it('keeps every block within the budget, split fairly, requested files first', async () => {
    const tokenBudget = 500;
    const blocks = await blocksFor('@api:big.txt and @worker and @web:app.tsx', tokenBudget);
    expect(blocks.map((b) => b.name)).toEqual(['api', 'worker']); // @web is the project itself
    const total = blocks.reduce((sum, block) => sum + block.text.length, 0);
    expect(total).toBeLessThanOrEqual(tokenBudget * CHARS_PER_TOKEN);
    for (const block of blocks) expect(block.text.length).toBeGreaterThan(600);
    expect(blocks[0]!.text).toContain('1\txxxx');
    expect(blocks[0]!.text).toContain('… (cut to fit the reference budget');
    expect(blocks[0]!.consulted).toEqual(['big.txt']);
    expect(blocks[1]!.text).toContain('(branch jobs)');
  });

  it('gives a small block what it needs and the rest to the big one', async () => {
    const blocks = await blocksFor('@api:big.txt @worker:jobs/job001.ts#L1', 2000);
    const [big, small] = blocks.map((block) => block.text.length);
    expect(small! + big!).toBeLessThanOrEqual(2000 * CHARS_PER_TOKEN);
    expect(big!).toBeGreaterThan(2000 * CHARS_PER_TOKEN - small! - 200);
  });

  it('notes a missing file and a range past the end without failing the block', async () => {
    const [block] = await blocksFor('@api:nope.ts @api:src/retry.ts#L70-80');
    expect(block!.text).toMatch(/^nope\.ts not read: .*does not exist/m);
    expect(block!.text).toMatch(/^src\/retry\.ts#L70-80 not read: .*only 60 lines/m);
  });
});

describe('referencesFor', () => {
  const intent = (text: string, refs: string[] = []) => ({ id: 7, text, refs }) as unknown as Intent;
  const settings = () => ({ references: { tokenBudget: 6000, deny: [] } });

  it('turns text and refs into blocks and reports what was consulted', async () => {
    const references = referencesFor(settings, real);
    const self = real.projects.find((p) => p.name === 'web')!;
    const blocks = await references(intent('check @api:src/retry.ts#L1-2', ['@worker']), self);
    expect(blocks.map((b) => b.name)).toEqual(['api', 'worker']);
    expect(consultedLine(blocks)).toBe(
      'references: @api (AGENTS.md, README.md, tree, src/retry.ts#L1-2), @worker (README.md, tree)',
    );
    expect(await references(intent('no mentions, mail me@x.io; @web is me'), self)).toEqual([]);
    expect(await references(intent('like @nope and @types/node'), self)).toEqual([]);
    await expect(references(intent('like this', ['@nope']), self)).rejects.toThrow(
      'unknown project @nope; known projects: api, web, worker',
    );
  });
});
