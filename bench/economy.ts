// Context economy benchmark (`npx tsx bench/economy.ts`): fixed scripts run through the real executor
// against the scripted server, which records every request body. Per script and API it prints the
// requests, total bytes, fresh bytes (the part of a request that no earlier request began with: what a
// prompt cache cannot serve) and prefix breaks (a request that does not begin with the whole previous
// one). Scripts: five one-command intents; the same with AGENTS.md edited and a sibling added midway;
// fifteen file-reading intents on an 8,000-token window (compactions). Goals: 0 breaks on the first
// two, at most one break per compaction, and compaction-run fresh bytes ≤ 0.65 × the old code's.
import fs from 'node:fs';
import path from 'node:path';
import { createExecutor } from '../src/core/intent-executor.js';
import type { Project, Workspace } from '../src/core/workspace.js';
import { openDb } from '../src/store/db.js';
import { IntentStore, rememberProjects } from '../src/store/intents.js';
import { type Settings, settingsSchema } from '../src/store/settings.js';
import { createRepo, makeTempDir, removeTempDirs } from '../test/support/git-repos.js';
import { commonPrefixLength } from '../test/support/scripted-server/harness.js';
import {
  type RecordedRequest,
  type ScriptedTurn,
  startScriptedServer,
} from '../test/support/scripted-server.js';

type Api = 'responses' | 'chat';

interface Item {
  type?: string;
  role?: string;
  content?: unknown;
}

/** The conversation a request carried (Responses input items or chat messages). */
const conversation = (request: RecordedRequest): Item[] =>
  (request.api === 'responses' ? request.body.input : request.body.messages) as Item[];

/** A summary request, in the old shape (a transcript) or the new one (a last message asking for it). */
function isSummaryRequest(request: RecordedRequest): boolean {
  const last = conversation(request).at(-1);
  const text = typeof last?.content === 'string' ? last.content : '';
  return text.includes('<transcript>') || text.startsWith('[Compaction]');
}

/** The fake model: a tool call for a new intent, an answer once the tool output is in, a summary when asked. */
function model(request: RecordedRequest): ScriptedTurn {
  const items = conversation(request);
  const input = Math.ceil(request.raw.length / 4);
  if (isSummaryRequest(request)) {
    return {
      text: `Summary: the user asked for ${items.length} items of work on the project; each was done and checked. ${'The files read hold numbered lines of sample text. '.repeat(8)}`,
      usage: { input },
    };
  }
  const last = items.at(-1)!;
  const lastUser = items.findLast((item) => item.role === 'user');
  const text = String(lastUser?.content ?? '');
  if (last.type === 'function_call_output' || last.role === 'tool') {
    return { text: `Done: ${text.split('\n')[0]!.slice(0, 60)}\n\nChecked the output.`, usage: { input } };
  }
  const read = /Read (\S+)/.exec(text);
  const run = /Run `([^`]+)`/.exec(text);
  const call = read
    ? { name: 'read_file', arguments: { path: read[1]! } }
    : { name: 'shell', arguments: { command: run?.[1] ?? 'true' } };
  return { toolCalls: [call], usage: { input } };
}

interface Numbers {
  requests: number;
  totalBytes: number;
  freshBytes: number;
  breaks: number;
  summaries: number;
}

function measure(requests: readonly RecordedRequest[]): Numbers {
  let totalBytes = 0;
  let freshBytes = 0;
  let breaks = 0;
  requests.forEach((request, i) => {
    totalBytes += request.raw.length;
    let cached = 0;
    for (let j = 0; j < i; j++) cached = Math.max(cached, commonPrefixLength(requests[j]!.raw, request.raw));
    freshBytes += request.raw.length - cached;
    // The previous body ends with `]}` (its last input item, then the object); the rest must repeat.
    const previous = requests[i - 1]?.raw;
    if (previous && commonPrefixLength(previous, request.raw) < previous.length - 2) breaks++;
  });
  return {
    requests: requests.length,
    totalBytes,
    freshBytes,
    breaks,
    summaries: requests.filter(isSummaryRequest).length,
  };
}

interface Scenario {
  name: string;
  intents: number;
  contextWindow?: number;
  /** Before intent `n` (1-based): change the workspace. */
  before?: (n: number, ws: { workspace: Workspace; project: Project; root: string }) => void;
  text: (n: number) => string;
}

const sample = (n: number) =>
  Array.from({ length: 40 }, (_, i) => `line ${i + 1} of sample file ${n}: some words to read\n`).join('');

const scenarios: Scenario[] = [
  { name: 'five one-command intents', intents: 5, text: (n) => `Run \`echo step ${n}\` and report.` },
  {
    name: 'the same, AGENTS.md edited and a sibling added midway',
    intents: 5,
    text: (n) => `Run \`echo step ${n}\` and report.`,
    before: (n, { workspace, project, root }) => {
      if (n === 3) fs.appendFileSync(path.join(project.path, 'AGENTS.md'), 'Prefer small commits.\n');
      if (n === 4) {
        const web = createRepo({ parent: root, name: 'web' });
        workspace.projects.push({ name: 'web', path: web.path, pinned: false });
      }
    },
  },
  {
    name: 'fifteen file-reading intents, 8,000-token window',
    intents: 15,
    contextWindow: 8000,
    text: (n) => `Read src/file-${n}.txt and tell me what it holds.`,
  },
];

async function run(api: Api, scenario: Scenario): Promise<Numbers> {
  const server = await startScriptedServer(model);
  const root = makeTempDir('shipyard-economy-');
  const repo = createRepo({ parent: root, name: 'app' });
  const files: Record<string, string> = {
    'AGENTS.md': '# app\n\nUse npm. Run `npm test` before finishing.\n',
  };
  for (let n = 1; n <= 15; n++) files[`src/file-${n}.txt`] = sample(n);
  repo.commit('sample files', { files });
  const project: Project = { name: 'app', path: repo.path, pinned: false };
  const workspace: Workspace = { root, projects: [project] };
  const db = openDb(path.join(makeTempDir('shipyard-economy-home-'), 'state.db'));
  rememberProjects(db, workspace);
  const settings: Settings = settingsSchema.parse({
    commit: 'off',
    ...(scenario.contextWindow ? { model: { contextWindow: scenario.contextWindow } } : {}),
  });
  const env = {
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: 'k',
    SHIPYARD_MODEL: 'm',
    SHIPYARD_API: api,
  };
  const execute = createExecutor({ db, workspace, settings: () => settings, env });
  const intents = new IntentStore(db);
  try {
    for (let n = 1; n <= scenario.intents; n++) {
      scenario.before?.(n, { workspace, project, root });
      const intent = intents.startNow(project.path, scenario.text(n));
      const outcome = await execute(intent, new AbortController().signal, { project, waiting: 0 });
      if (outcome.state !== 'done') throw new Error(`intent ${n}: ${outcome.state} ${outcome.error ?? ''}`);
      intents.finish(intent.id, outcome.state, { summary: outcome.summary });
    }
    return measure(server.requests);
  } finally {
    db.close();
    await server.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
try {
  for (const api of ['responses', 'chat'] as const) {
    console.log(`${api}:`);
    for (const scenario of scenarios) {
      const n = await run(api, scenario);
      const summaries = n.summaries ? `, ${n.summaries} summary requests` : '';
      console.log(
        `  ${scenario.name}: ${n.requests} requests${summaries}, total ${kb(n.totalBytes)}, ` +
          `fresh ${kb(n.freshBytes)} (${n.freshBytes} B), ${n.breaks} prefix breaks`,
      );
    }
  }
} finally {
  removeTempDirs();
}
