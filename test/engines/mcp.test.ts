// `shipyard mcp` driven by the real MCP client library over stdio, as Codex, Claude Code or any other
// MCP client would drive it: the built CLI as the server process.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { makeRepo, writeFiles } from '../support/tool-fixtures.js';

const SECRET = 'sk-live-MCP-SECRET-777';
let root: string;
let home: string;
let client: Client;

type Text = { content: { type: string; text: string }[]; isError?: boolean };
const call = async (name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as Text;
const textOf = (result: Text) => result.content.map((part) => part.text).join('');

beforeAll(async () => {
  root = makeTempDir('shipyard-mcp-ws-');
  home = makeTempDir('shipyard-mcp-home-');
  makeRepo(
    { 'README.md': '# Web\n\nThe web front end.\n', 'src/app.ts': 'export const app = 1;\n' },
    path.join(root, 'web'),
  );
  makeRepo(
    {
      'README.md': '# API\n\nThe REST API.\n',
      'src/retry.ts': 'export function retry() { return "api retry"; }\n',
    },
    path.join(root, 'api'),
  );
  writeFiles(path.join(root, 'api'), {
    '.env': `API_KEY=${SECRET}\n`,
    'private/plan.md': `plan ${SECRET}\n`,
  });
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ references: { deny: ['private/'] } }));
  const outside = makeTempDir('shipyard-mcp-outside-');
  fs.writeFileSync(path.join(outside, 'stolen.txt'), `token=${SECRET}\n`);
  fs.symlinkSync(path.join(outside, 'stolen.txt'), path.join(root, 'api', 'leak.txt'));

  client = new Client({ name: 'shipyard-test', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: nodeBin,
      args: [cliEntry, '--root', root, 'mcp', '--project', 'web'],
      env: { PATH: process.env.PATH ?? '', SHIPYARD_HOME: home, HOME: home },
      stderr: 'pipe',
    }),
  );
});

afterAll(async () => {
  await client?.close();
  removeTempDirs();
});

describe('shipyard mcp', () => {
  it('lists the four read-only reference tools with their schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([
      'list_projects',
      'search_project',
      'read_project_file',
      'list_project_files',
    ]);
    const read = tools.find((tool) => tool.name === 'read_project_file')!;
    expect(read.inputSchema.required).toEqual(expect.arrayContaining(['project', 'path']));
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
  });

  it('answers each tool', async () => {
    const projects = textOf(await call('list_projects', {}));
    expect(projects).toMatch(/^web \(this project\) \[main\]/m);
    expect(projects).toContain('The REST API.');

    const found = await call('search_project', { project: 'api', query: 'api retry' });
    expect(found.isError).toBe(false);
    expect(textOf(found)).toContain('src/retry.ts');

    const read = await call('read_project_file', { project: 'api', path: 'src/retry.ts' });
    expect(textOf(read)).toMatch(/1\s.*export function retry/);

    const tree = textOf(await call('list_project_files', { project: 'api' }));
    expect(tree).toContain('retry.ts');
    expect(tree).not.toContain('.env');
  });

  it('refuses secrets, deny patterns and path escapes without showing their content', async () => {
    for (const args of [
      { project: 'api', path: '.env' },
      { project: 'api', path: 'private/plan.md' },
      { project: 'api', path: '../web/src/app.ts' },
      { project: 'api', path: '/etc/passwd' },
      { project: 'api', path: 'leak.txt' },
    ]) {
      const result = await call('read_project_file', args);
      expect(result.isError, args.path).toBe(true);
      expect(textOf(result)).not.toContain(SECRET);
      expect(textOf(result)).not.toContain('root:');
    }
    expect(textOf(await call('read_project_file', { project: 'api', path: '.env' }))).toMatch(
      /may hold secrets/,
    );
    expect(textOf(await call('read_project_file', { project: 'api', path: '../web/src/app.ts' }))).toMatch(
      /outside|escape/i,
    );
    const search = await call('search_project', { project: 'api', query: 'sk-live' });
    expect(textOf(search)).not.toContain(SECRET);
  });

  it('answers bad arguments and unknown projects as tool errors, and keeps serving', async () => {
    const unknown = await call('read_project_file', { project: 'nope', path: 'README.md' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('Unknown project "nope"');
    const invalid = await call('read_project_file', { project: 'api' });
    expect(invalid.isError).toBe(true);
    expect(textOf(await call('list_projects', {}))).toContain('api');
  });
});

describe('shipyard mcp, bad input', () => {
  it('an unknown --project is one line on stderr', async () => {
    const result = await runCli(['--root', root, 'mcp', '--project', 'nope'], {
      env: { SHIPYARD_HOME: home },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('Unknown project "nope"');
  });
});
