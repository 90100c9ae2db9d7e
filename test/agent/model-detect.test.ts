import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { localServers, resolveModel } from '../../src/agent/model-detect.js';
import type { AppSession } from '../../src/core/app-session.js';
import type { Db } from '../../src/store/db.js';
import { type Settings, settingsSchema } from '../../src/store/settings.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { deadPort } from '../support/ports.js';
import { type ScriptedServer, startScriptedServer } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

const servers: ScriptedServer[] = [];
let session: AppSession | undefined;
let db: Db | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  db?.close();
  db = undefined;
  for (const server of servers.splice(0)) await server.close();
  removeTempDirs();
});

const settings = (value: Record<string, unknown> = {}): Settings => settingsSchema.parse(value);
const portOf = (server: ScriptedServer) => new URL(server.baseURL).port;
async function serve(models: string[], script: Parameters<typeof startScriptedServer>[0] = []) {
  const server = await startScriptedServer(script, { models });
  servers.push(server);
  return server;
}

describe('finding a model', () => {
  it('with nothing configured, uses the first local server that answers on the port list', async () => {
    const server = await serve(['qwen3-coder']);
    const dead = await deadPort();
    const env = { SHIPYARD_DETECT_PORTS: `${dead},${portOf(server)}` };
    expect(localServers(env).map((s) => s.port)).toEqual([dead, Number(portOf(server))]);
    expect(localServers({}).map((s) => s.port)).toEqual([11434, 1234, 8000, 8080]);
    const result = await resolveModel(settings(), 'api', env);
    expect(result).toMatchObject({
      ok: true,
      config: {
        provider: 'custom',
        baseURL: server.baseURL,
        model: 'qwen3-coder',
        api: 'chat',
        source: { endpoint: 'detected', model: 'detected' },
      },
    });
  });

  it('nothing answering says so in one line, with the ports', async () => {
    const dead = await deadPort();
    const result = await resolveModel(settings(), 'api', { SHIPYARD_DETECT_PORTS: String(dead) });
    expect(result).toEqual({
      ok: false,
      message: `no model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL + SHIPYARD_MODEL for a local server); or start a local server (nothing answered on port ${dead})`,
    });
  });

  it('OPENAI_API_KEY keeps OpenAI the default, even with a local server up', async () => {
    const server = await serve(['qwen3-coder']);
    const result = await resolveModel(settings(), 'api', {
      OPENAI_API_KEY: 'sk-1',
      SHIPYARD_DETECT_PORTS: portOf(server),
    });
    expect(result).toMatchObject({
      ok: true,
      config: { provider: 'openai', model: 'gpt-5.5', source: { endpoint: 'default', model: 'default' } },
    });
  });

  it('a base URL without a model name: its only model is used, several are named in one line', async () => {
    const one = await serve(['llama3.3']);
    expect(await resolveModel(settings(), 'api', { OPENAI_BASE_URL: one.baseURL })).toMatchObject({
      ok: true,
      config: { baseURL: one.baseURL, model: 'llama3.3', source: { endpoint: 'env', model: 'detected' } },
    });
    const three = await serve(['a-small', 'b-medium', 'c-large']);
    const fromSettings = settings({ model: { baseURL: three.baseURL } });
    expect(await resolveModel(fromSettings, 'api', {})).toEqual({
      ok: false,
      message: `3 models at ${three.baseURL} (a-small, b-medium, c-large): pick one with SHIPYARD_MODEL, -m or model.model in settings`,
    });
    expect(await resolveModel(fromSettings, 'api', { SHIPYARD_MODEL: 'b-medium' })).toMatchObject({
      ok: true,
      config: { model: 'b-medium', source: { endpoint: 'settings', model: 'env' } },
    });
  });

  it('shipyard ask and config show work with nothing configured but a local server', async () => {
    const root = makeTempDir('shipyard-detect-');
    createRepo({ parent: root, name: 'app' });
    const home = makeTempDir('shipyard-home-');
    const server = await serve(['qwen3-coder'], [{ text: 'Hello from the local model.' }]);
    const env = {
      SHIPYARD_HOME: home,
      SHIPYARD_DETECT_PORTS: portOf(server),
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      SHIPYARD_MODEL: '',
      SHIPYARD_API: '',
    };
    const shown = await runCli(['config', 'show', '--root', root], { env });
    expect(shown.stdout).toContain(`# model: qwen3-coder (custom, chat API) at ${server.baseURL}`);
    expect(shown.stdout).toContain('# model from: detected\n');
    const asked = await runCli(['ask', 'app', 'hi', '--root', root], { env });
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('Hello from the local model.');
    expect(server.requests[0]!.body.model).toBe('qwen3-coder');
  });

  it('the grid names the detected model at start, and says at start when an endpoint does not answer', async () => {
    const root = makeTempDir('shipyard-detect-');
    createRepo({ parent: root, name: 'app' });
    const server = await serve(['qwen3-coder']);
    const { AppSession } = await import('../../src/core/app-session.js');
    const { openWorkspace } = await import('../../src/core/workspace.js');
    const { openDb } = await import('../../src/store/db.js');
    const open = (env: NodeJS.ProcessEnv) => {
      db = openDb(path.join(makeTempDir('shipyard-home-'), 'state.db'));
      const parsed = settings();
      session = new AppSession({ workspace: openWorkspace({ root }), db, settings: () => parsed, env });
      session.start();
      return () => session!.store.get().panes[0]!;
    };
    const clean = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', SHIPYARD_MODEL: '', SHIPYARD_API: '' };

    let pane = open({ ...clean, SHIPYARD_DETECT_PORTS: portOf(server) });
    await waitFor(() => pane().model !== undefined, 5_000, 'the detected model');
    expect(pane().model).toBe(`qwen3-coder @ 127.0.0.1:${portOf(server)} · detected`);
    expect(pane().activity.kind).toBe('idle');
    expect(server.requests).toEqual([]); // found through /models only: no model request
    await session!.close();
    db!.close();

    const dead = await deadPort();
    pane = open({ ...clean, OPENAI_BASE_URL: `http://127.0.0.1:${dead}/v1`, SHIPYARD_MODEL: 'm' });
    await waitFor(() => pane().activity.kind === 'unconfigured', 5_000, 'the endpoint line');
    const activity = pane().activity;
    expect(activity.kind === 'unconfigured' && activity.message).toMatch(/^model endpoint /);
    expect(activity.kind === 'unconfigured' && activity.message).toContain(String(dead));
  });
});
