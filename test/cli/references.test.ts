// `@name` references end to end: the built `shipyard ask` on a workspace of three real repositories,
// real HTTP to the scripted server, both APIs. The mention block lands in the intent's user message
// (never the stable prefix), an unknown mention stops before any request, and the reference tools
// read a sibling.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import type { RecordedRequest } from '../support/scripted-server.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const SECRET = 'sk-live-E2E-SECRET-5150';

function threeRepos(): { root: string; home: string } {
  const root = makeTempDir('shipyard-refs-');
  createRepo({ parent: root, name: 'api' }).commit('api', {
    files: {
      'AGENTS.md': '# api\n\nRetries use the api-backoff-marker helper.\n',
      'src/retry.ts':
        'export async function retry(fn) {\n  for (let i = 0; i < 3; i++) {\n    try { return await fn(); } catch {}\n  }\n}\n',
      '.env': `TOKEN=${SECRET}\n`,
    },
  });
  createRepo({ parent: root, name: 'web' });
  createRepo({ parent: root, name: 'worker' }).commit('worker', {
    files: { 'src/jobs.ts': 'export const queueName = "worker-queue-marker";\n' },
  });
  return { root, home: makeTempDir('shipyard-home-') };
}

function envFor(api: 'responses' | 'chat', home: string): NodeJS.ProcessEnv {
  return {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server?.baseURL ?? 'http://127.0.0.1:9/v1',
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: api,
  };
}

/** The stable prefix (instructions / system message) and the last user message of a request. */
function split(request: RecordedRequest): { prefix: string; lastUser: string } {
  const body = request.body as {
    instructions?: string;
    input?: { role?: string; content?: unknown }[];
    messages?: { role: string; content?: unknown }[];
  };
  const items = request.api === 'responses' ? body.input! : body.messages!;
  const users = items.filter((item) => item.role === 'user');
  const system = items.filter((item) => item.role === 'system' || item.role === 'developer');
  return {
    prefix: JSON.stringify([body.instructions ?? '', system]),
    lastUser: JSON.stringify(users.at(-1)?.content ?? ''),
  };
}

describe.each(['responses', 'chat'] as const)('@mentions with shipyard ask (%s API)', (api) => {
  it('puts the mention block in the last user message and the tools read siblings', async () => {
    const { root, home } = threeRepos();
    server = await startScriptedServer([
      {
        toolCalls: [
          { name: 'read_project_file', arguments: { project: 'api', path: 'src/retry.ts', start_line: 4 } },
          { name: 'search_project', arguments: { project: 'worker', query: 'queueName' } },
          { name: 'read_project_file', arguments: { project: 'api', path: '.env' } },
        ],
      },
      { text: 'Retry works like api: three tries.' },
    ]);
    const result = await runCli(
      ['ask', 'web', 'do it the way @api does, see @api:src/retry.ts#L1-3 and @api:.env', '--root', root],
      { env: envFor(api, home) },
    );
    expect(result.stderr).toContain('tokens:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'references: @api (AGENTS.md, README.md, tree, src/retry.ts#L1-3, .env (refused))',
    );
    expect(server.requests).toHaveLength(2);

    const first = split(server.requests[0]!);
    expect(first.lastUser).toContain('do it the way @api does');
    expect(first.lastUser).toContain('<reference project=\\"api\\">');
    expect(first.lastUser).toContain('api-backoff-marker');
    expect(first.lastUser).toContain('1\\texport async function retry(fn) {');
    expect(first.lastUser).toContain('3\\t    try { return await fn(); } catch {}');
    expect(first.lastUser).not.toContain('4\\t  }');
    expect(first.prefix).toContain('(read-only references): api, worker');
    expect(first.prefix).not.toContain('api-backoff-marker');
    expect(first.prefix).not.toContain('<reference');

    // The reference tools' results went back to the model; the secret never did.
    const second = server.requests[1]!.raw.toString();
    expect(second).toContain('4\\t  }');
    expect(second).toContain('worker-queue-marker');
    expect(second).toMatch(/Refusing \\?"\.env\\?": it may hold secrets/);
    for (const request of server.requests) expect(request.raw.toString()).not.toContain(SECRET);
    expect(result.stdout).toMatch(/read_project_file api src\/retry\.ts/);
    expect(result.stdout).toMatch(/search_project worker .*→ 1 matches/);
  });
});

describe('refs from shipyard queue --from', () => {
  it('the headless runner sends the referenced project as a block and prints what it consulted', async () => {
    const { root, home } = threeRepos();
    server = await startScriptedServer([{ text: 'Noted the worker queue.' }]);
    const env = envFor('chat', home);
    const queued = await runCli(
      ['queue', 'web', 'name the queue like worker', '--from', 'worker', '--root', root],
      {
        env,
      },
    );
    expect(queued.code).toBe(0);
    const run = await runCli(['run', '--once', '--root', root], { env, timeoutMs: 30_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[web] references: @worker (README.md, tree)');
    expect(server.requests).toHaveLength(1);
    const { prefix, lastUser } = split(server.requests[0]!);
    expect(lastUser).toContain('<reference project=\\"worker\\">');
    expect(lastUser).toContain('src/\\n  jobs.ts');
    expect(prefix).not.toContain('<reference');
  });
});

describe('an @word that is no project', () => {
  it('is plain text: @types/node, @Injectable and @nope reach the model as written, with no reference', async () => {
    const { root, home } = threeRepos();
    server = await startScriptedServer([{ text: 'done' }]);
    const text = 'add @types/node and an @Injectable service, like @nope does; see @api';
    const result = await runCli(['ask', 'web', text, '--root', root], { env: envFor('responses', home) });
    expect(result.stderr).not.toMatch(/unknown|error/i);
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(1);
    const { lastUser } = split(server.requests[0]!);
    expect(lastUser).toContain('add @types/node and an @Injectable service, like @nope does; see @api');
    expect(lastUser).toContain('<reference project=\\"api\\">');
    expect(lastUser).not.toContain('<reference project=\\"nope');
    expect(lastUser).not.toContain('<reference project=\\"types');

    const listed = await runCli(['intents', '--json', '--root', root], { env: { SHIPYARD_HOME: home } });
    expect(JSON.parse(listed.stdout)).toMatchObject([{ state: 'done', text }]);
  });
});
