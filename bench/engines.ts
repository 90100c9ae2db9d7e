// Engine latency benchmark (`npx tsx bench/engines.ts`): the same scripted work — an intent whose
// model answer runs one command, then a short answer — through the real executor with each engine:
// Shipyard's own loop (scripted OpenAI server), Codex (the real codex binary, scripted Responses
// server) and Claude Code (the real binary, scripted Anthropic server). Ten intents per engine in one
// context (resumed threads); prints the median wall time per intent and what each engine adds over
// Shipyard's own loop. No goal: it says what bringing your own agent costs per intent.
import path from 'node:path';
import { createExecutor } from '../src/core/intent-executor.js';
import { openWorkspace } from '../src/core/workspace.js';
import type { EngineName } from '../src/model/policies.js';
import { openDb } from '../src/store/db.js';
import { IntentStore } from '../src/store/intents.js';
import { settingsSchema } from '../src/store/settings.js';
import { createRepo, makeTempDir, removeTempDirs } from '../test/support/git-repos.js';
import { startScriptedAnthropic } from '../test/support/scripted-anthropic.js';
import { startScriptedServer } from '../test/support/scripted-server.js';

const INTENTS = Number(process.env.INTENTS ?? 10);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function scripted(engine: EngineName) {
  // Even requests run a command, odd ones answer: one command and one answer per intent.
  if (engine === 'claude') {
    const server = await startScriptedAnthropic((_r, i) =>
      i % 2 === 0 ? { toolUses: [{ name: 'Bash', input: { command: 'echo step' } }] } : { text: 'done' },
    );
    return { baseURL: server.baseURL, close: server.close, api: undefined };
  }
  const tool = engine === 'codex' ? { name: 'exec_command', key: 'cmd' } : { name: 'shell', key: 'command' };
  const server = await startScriptedServer((_r, i) =>
    i % 2 === 0
      ? { toolCalls: [{ name: tool.name, arguments: { [tool.key]: 'echo step' } }] }
      : { text: 'done' },
  );
  return { baseURL: server.baseURL, close: server.close, api: 'responses' as const };
}

async function run(engine: EngineName): Promise<number[]> {
  const root = makeTempDir('shipyard-bench-engines-');
  for (const name of ['api', 'web']) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  const home = makeTempDir('shipyard-bench-home-');
  const server = await scripted(engine);
  const settings = settingsSchema.parse({
    engine,
    commit: 'commit',
    model: {
      baseURL: server.baseURL,
      apiKey: 'k',
      model: engine === 'claude' ? 'claude-scripted' : 'test-model',
      ...(server.api ? { api: server.api } : {}),
    },
  });
  const db = openDb(path.join(home, 'state.db'));
  const workspace = openWorkspace({ root });
  const project = workspace.projects.find((p) => p.name === 'api')!;
  const execute = createExecutor({
    db,
    workspace,
    settings: () => settings,
    env: {
      ...process.env,
      SHIPYARD_HOME: home,
      CODEX_HOME: makeTempDir('shipyard-bench-codex-'),
      CLAUDE_CONFIG_DIR: makeTempDir('shipyard-bench-claude-'),
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
  });
  const intents = new IntentStore(db);
  const times: number[] = [];
  for (let n = 0; n < INTENTS; n++) {
    const intent = intents.claim(intents.enqueue(project.path, `run step ${n}`).id)!;
    const start = performance.now();
    const outcome = await execute(intent, new AbortController().signal, { project, waiting: 0 });
    times.push(performance.now() - start);
    if (outcome.state !== 'done')
      throw new Error(`${engine}: intent ${n} ${outcome.state}: ${outcome.error}`);
  }
  db.close();
  await server.close();
  return times;
}

const results = new Map<EngineName, number>();
for (const engine of ['shipyard', 'codex', 'claude'] as const) {
  const times = await run(engine);
  results.set(engine, median(times));
  console.log(`${engine.padEnd(8)} median ${median(times).toFixed(0)} ms per intent (n=${times.length})`);
}
const own = results.get('shipyard')!;
for (const engine of ['codex', 'claude'] as const)
  console.log(
    `${engine.padEnd(8)} adds ${(results.get(engine)! - own).toFixed(0)} ms per intent over Shipyard's loop`,
  );
removeTempDirs();
