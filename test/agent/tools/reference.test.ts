import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tool, ToolResult } from '../../../src/agent/tool.js';
import { editFileTool } from '../../../src/agent/tools/edit-file.js';
import { readFileTool } from '../../../src/agent/tools/read-file.js';
import {
  listProjectFilesTool,
  listProjectsTool,
  readProjectFileTool,
  searchProjectTool,
} from '../../../src/agent/tools/reference.js';
import {
  call,
  git,
  makeContext,
  makeRepo,
  removeTempDirs,
  tempDir,
  workspaceOf,
  writeFiles,
} from '../../support/tool-fixtures.js';

afterAll(removeTempDirs);

const SECRET = 'sk-live-TOPSECRET-4242';
const outside = tempDir();
fs.writeFileSync(path.join(outside, 'stolen.txt'), `token=${SECRET}\n`);

const root = tempDir('shipyard-workspace-');
makeRepo(
  {
    'README.md':
      '# API\n\n[![ci](https://x/badge.svg)](https://x)\n\nThe **REST API** for [orders](https://x/orders),\nwith retries.\n\nMore text.\n',
    'src/retry.ts': 'export function retry() { return "api retry"; }\n',
    'src/config.ts': 'export const key = process.env.API_KEY;\n',
    '.gitignore': 'dist/\n',
    'private/plan.md': `plan ${SECRET}\n`,
  },
  path.join(root, 'api'),
);
writeFiles(path.join(root, 'api'), {
  '.env': `API_KEY=${SECRET}\n`,
  'nested/.env.local': `API_KEY=${SECRET}\n`,
  'config/server.key': `-----BEGIN PRIVATE KEY-----\n${SECRET}\n`,
  'certs/site.pem': `${SECRET}\n`,
  'deploy/id_rsa': `${SECRET}\n`,
  '.npmrc': `//registry.npmjs.org/:_authToken=${SECRET}\n`,
  'home/credentials': `${SECRET}\n`,
  'dist/bundle.js': `${SECRET}\n`,
  '.pgpass': `db:5432:*:me:${SECRET}\n`,
  '.yarnrc.yml': `npmAuthToken: ${SECRET}\n`,
  '.aws/config': `[default]\naws_secret_access_key = ${SECRET}\n`,
  'deploy/secrets.yaml': `token: ${SECRET}\n`,
});
const api = path.join(root, 'api');
fs.symlinkSync('.env', path.join(api, 'notes.txt'));
fs.symlinkSync(path.join(outside, 'stolen.txt'), path.join(api, 'leak.txt'));
fs.symlinkSync(outside, path.join(api, 'leak-dir'));
// Hard links: another name for a secret, inside the sibling and inside the agent's own project.
fs.linkSync(path.join(api, '.env'), path.join(api, 'env-copy.txt'));
git(api, 'config', 'remote.origin.url', `https://user:${SECRET}@example.com/api.git`);
makeRepo(
  { 'AGENTS.md': '# Agents\n\nWeb front end in React.\n', 'app.tsx': 'retry()\n' },
  path.join(root, 'web'),
);
makeRepo({ 'lib.ts': 'export {};\n' }, path.join(root, 'lib'));
git(path.join(root, 'lib'), 'checkout', '-q', '-b', 'feature/x');

const workspace = workspaceOf(root, ['api', 'lib', 'web']);
const ctx = makeContext(workspace.projects[2]!.path, { workspace, denyPatterns: ['private/'] });
const outputs: ToolResult[] = [];
async function run(tool: Tool, args: unknown): Promise<ToolResult> {
  const result = await call(tool, args, ctx);
  outputs.push(result);
  return result;
}

describe('reference tools', () => {
  it('lists every project with branch, path and description', async () => {
    const result = await run(listProjectsTool, {});
    expect(result.output).toBe(
      [
        `api [main] ${workspace.projects[0]!.path}`,
        '  The REST API for orders, with retries.',
        `lib [feature/x] ${workspace.projects[1]!.path}`,
        `web (this project) [main] ${workspace.projects[2]!.path}`,
        '  Web front end in React.',
      ].join('\n'),
    );
  });

  it('searches a sibling', async () => {
    const result = await run(searchProjectTool, { project: 'api', query: 'retry' });
    expect(result.output).toBe('src/retry.ts:1:export function retry() { return "api retry"; }');
  });

  it('reads a sibling file with a range', async () => {
    const result = await run(readProjectFileTool, {
      project: 'api',
      path: 'src/config.ts',
      start_line: 1,
      end_line: 1,
    });
    expect(result.output).toBe('1\texport const key = process.env.API_KEY;');
  });

  it('lists a sibling without secret files', async () => {
    const result = await run(listProjectFilesTool, { project: 'api', depth: 5 });
    expect(result.output).toContain('src/\n  config.ts\n  retry.ts');
    for (const hidden of [
      '.env',
      'server.key',
      'site.pem',
      'id_rsa',
      '.npmrc',
      'credentials',
      'private',
      'dist',
    ]) {
      expect(result.output).not.toContain(hidden);
    }
  });

  it.each([
    '.env',
    './nested/../.env',
    'nested/.env.local',
    'config/server.key',
    'certs/site.pem',
    'deploy/id_rsa',
    '.npmrc',
    'home/credentials',
    'private/plan.md',
    '.git/config',
    'notes.txt',
    '.pgpass',
    '.yarnrc.yml',
    '.aws/config',
    'deploy/secrets.yaml',
  ])('refuses the secret file %s', async (file) => {
    const result = await run(readProjectFileTool, { project: 'api', path: file });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/may hold secrets/);
  });

  it.each(['../web/app.tsx', '/etc/passwd', 'leak.txt', 'leak-dir/stolen.txt'])(
    'refuses the escape %s',
    async (file) => {
      const result = await run(readProjectFileTool, { project: 'api', path: file });
      expect(result.isError).toBe(true);
      expect(result.output).toMatch(/outside the project root/);
    },
  );

  it('refuses hard-linked files: their other names may be secrets or outside the project', async () => {
    const result = await run(readProjectFileTool, { project: 'api', path: 'env-copy.txt' });
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/has 2 hard links/);
    const own = workspace.projects[2]!.path;
    fs.linkSync(path.join(outside, 'stolen.txt'), path.join(own, 'linked.txt'));
    try {
      const read = await call(readFileTool, { path: 'linked.txt' }, ctx);
      expect(read.output).toMatch(/has 2 hard links/);
      const edit = await call(
        editFileTool,
        { path: 'linked.txt', old_string: 'token', new_string: 'x' },
        ctx,
      );
      expect(edit.output).toMatch(/has 2 hard links/);
      expect(fs.readFileSync(path.join(outside, 'stolen.txt'), 'utf8')).toBe(`token=${SECRET}\n`);
      outputs.push(read, edit);
    } finally {
      fs.rmSync(path.join(own, 'linked.txt'));
    }
  });

  it('refuses escapes and secret folders for listing and search too', async () => {
    for (const result of [
      await run(listProjectFilesTool, { project: 'api', path: '..' }),
      await run(listProjectFilesTool, { project: 'api', path: 'leak-dir' }),
      await run(searchProjectTool, { project: 'api', query: 'token', path: 'leak-dir' }),
      await run(searchProjectTool, { project: 'api', query: 'x', path: '../web' }),
    ]) {
      expect(result.isError).toBe(true);
      expect(result.output).toMatch(/outside the project root/);
    }
    expect((await run(listProjectFilesTool, { project: 'api', path: 'private' })).output).toMatch(
      /may hold secrets/,
    );
    expect((await run(searchProjectTool, { project: 'api', query: 'plan', path: 'private' })).output).toMatch(
      /may hold secrets/,
    );
  });

  it('never finds secrets by searching for them', async () => {
    // Regexes that match the secret without containing it: the output cannot merely echo them.
    for (const query of ['sk-live-[A-Z]+', 'API_KEY', 'PRIVATE KEY', '_authToken', 'T[O]PSECRET']) {
      const result = await run(searchProjectTool, { project: 'api', query });
      expect(result.isError, query).toBeUndefined();
    }
    expect(outputs.at(-1)!.output).toBe('no matches');
    const apiKey = outputs.at(-4)!;
    expect(apiKey.output).toBe('src/config.ts:1:export const key = process.env.API_KEY;');
  });

  it('names the known projects for an unknown one', async () => {
    const result = await run(readProjectFileTool, { project: 'nope', path: 'x' });
    expect(result.isError).toBe(true);
    expect(result.output).toBe('Unknown project "nope". Known projects: api, lib, web');
  });

  it('says so when there is no workspace', async () => {
    const result = await call(searchProjectTool, { project: 'api', query: 'x' }, makeContext(api));
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/No workspace/);
  });

  it('leaked the secret in no output at all', () => {
    expect(outputs.length).toBeGreaterThan(25);
    for (const result of outputs) {
      expect(result.output).not.toContain(SECRET);
      expect(result.summary).not.toContain(SECRET);
      expect(result.output).not.toContain('TOPSECRET');
    }
  });
});
