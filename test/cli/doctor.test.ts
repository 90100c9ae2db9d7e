// `shipyard doctor`: one line per check, ✓ or ✗ with the fix, exit 0 only when all pass.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { deadPort } from '../support/ports.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const base = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', SHIPYARD_MODEL: '', SHIPYARD_API: '' };

describe('shipyard doctor', () => {
  it('a good set-up: every line ✓ and exit 0, with a one-token request answered', async () => {
    server = await startScriptedServer([{ text: 'OK', usage: { input: 3, output: 1 } }], {
      models: ['test-model'],
    });
    const home = makeTempDir('shipyard-home-');
    const result = await runCli(['doctor'], {
      env: {
        ...base,
        SHIPYARD_HOME: home,
        OPENAI_BASE_URL: server.baseURL,
        SHIPYARD_MODEL: 'test-model',
        SHIPYARD_API: 'chat',
      },
    });
    const lines = result.stdout.trim().split('\n');
    expect(
      lines.every((line) => line.startsWith('✓ ')),
      result.stdout,
    ).toBe(true);
    expect(result.code).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^✓ Node\.js \d+\.\d+\.\d+$/),
      expect.stringMatching(/^✓ git version \d/),
      `✓ settings file ${path.join(home, 'config.json')} (none yet, the defaults apply)`,
      expect.stringMatching(/^✓ sandbox/),
      `✓ state database ${path.join(home, 'state.db')} (none yet, made at first use)`,
      `✓ model endpoint ${server.baseURL} answers`,
      '✓ model test-model is listed',
      '✓ a one-token request to test-model was answered (chat API)',
    ]);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ model: 'test-model', max_tokens: 1 });
  });

  it('a model the endpoint does not list, and a refused request: ✗ with the fix, exit 1', async () => {
    server = await startScriptedServer(
      [{ fault: { kind: 'status', status: 404, message: 'model not found' } }],
      {
        models: ['llama3.3', 'qwen3'],
      },
    );
    const result = await runCli(['doctor'], {
      env: {
        ...base,
        SHIPYARD_HOME: makeTempDir('shipyard-home-'),
        OPENAI_BASE_URL: server.baseURL,
        SHIPYARD_MODEL: 'gpt-9',
        SHIPYARD_API: 'chat',
      },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `✗ model gpt-9 is not listed at ${server.baseURL} (it has: llama3.3, qwen3) → set SHIPYARD_MODEL`,
    );
    expect(result.stdout).toMatch(
      /^✗ a one-token request to gpt-9 failed: .*model not found → check the model name/m,
    );
    expect(result.stderr).toBe('shipyard: 2 checks failed\n');
  });

  it('a broken settings file and an unreachable endpoint: each one line with its fix', async () => {
    const home = makeTempDir('shipyard-home-');
    const file = path.join(home, 'config.json');
    fs.writeFileSync(file, '{ "parallel": "many" }');
    const broken = await runCli(['doctor'], { env: { ...base, SHIPYARD_HOME: home } });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      `✗ Settings file ${file}: field "parallel": Invalid input: expected number, received string → correct that field, or move ${file} away`,
    );
    expect(broken.stdout).toContain('✗ model: not checked (the settings file is broken)');
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "parallel": "many" }');

    const port = await deadPort();
    fs.rmSync(file);
    const down = await runCli(['doctor'], {
      env: {
        ...base,
        SHIPYARD_HOME: home,
        OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        SHIPYARD_MODEL: 'm',
      },
    });
    expect(down.code).toBe(1);
    expect(down.stdout).toContain(
      `✗ model endpoint http://127.0.0.1:${port}/v1 is unreachable (ECONNREFUSED) → start the server, or correct OPENAI_BASE_URL`,
    );
    expect(down.stdout.split('\n').filter((line) => line.startsWith('✗'))).toHaveLength(1);
  });

  it("a project's engine: one line, not logged in with the fix, then ready once a key is set", async () => {
    const home = makeTempDir('shipyard-home-');
    const userHome = makeTempDir('shipyard-user-home-');
    fs.writeFileSync(path.join(home, 'config.json'), '{ "projects": { "api": { "engine": "claude" } } }');
    const env = {
      ...base,
      SHIPYARD_HOME: home,
      HOME: userHome,
      CLAUDE_CONFIG_DIR: '',
      ANTHROPIC_API_KEY: '',
      ANTHROPIC_AUTH_TOKEN: '',
      CLAUDE_CODE_OAUTH_TOKEN: '',
    };
    const out = await runCli(['doctor'], { env });
    expect(out.code).toBe(1);
    expect(out.stdout.split('\n')).toContain(
      '✗ engine claude: not logged in (run `claude login` (or `claude setup-token`) or set ANTHROPIC_API_KEY)',
    );
    const keyed = await runCli(['doctor'], { env: { ...env, ANTHROPIC_API_KEY: 'sk-test' } });
    expect(keyed.stdout.split('\n')).toContain('✓ engine claude: ready (ANTHROPIC_API_KEY)');
    expect(keyed.stdout).not.toContain('engine codex');
  });
});
