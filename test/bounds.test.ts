// Bounds on what settings and the model may ask for: the built CLI against the scripted server, in a
// real repository.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from './support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from './support/scripted-server.js';
import { toolOutputs } from './support/scripted-server/harness.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function workspace(settings: Record<string, unknown> = {}): { root: string; home: string } {
  const root = makeTempDir('shipyard-bounds-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  const home = makeTempDir('shipyard-home-');
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(settings));
  return { root, home };
}

function envFor(home: string): NodeJS.ProcessEnv {
  return {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server!.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: 'responses',
    SHIPYARD_COMMAND_TIMEOUT: '',
  };
}

describe('timeouts above 2^31 ms', () => {
  it('a huge commandTimeoutSec or timeout_ms is clamped, not a timer that fires at once', async () => {
    const { root, home } = workspace({ commandTimeoutSec: 3_000_000 });
    server = await startScriptedServer([
      { toolCalls: [{ id: 'c1', name: 'shell', arguments: { command: 'sleep 0.3; echo survived-1' } }] },
      {
        toolCalls: [
          {
            id: 'c2',
            name: 'shell',
            arguments: { command: 'sleep 0.3; echo survived-2', timeout_ms: 2_147_483_648 },
          },
        ],
      },
      { text: 'Both ran' },
    ]);
    const result = await runCli(['ask', 'app', 'run two commands', '--root', root], { env: envFor(home) });
    expect(result.stderr).not.toMatch(/timed out/);
    expect(result.code).toBe(0);
    const outputs = { ...toolOutputs(server.requests[1]!), ...toolOutputs(server.requests[2]!) };
    expect(outputs.c1).toBe('survived-1\n[exit 0]');
    expect(outputs.c2).toBe('survived-2\n[exit 0]');
  });
});
