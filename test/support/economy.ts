// A project run through the real executor against the scripted server with a fake model that reads
// or runs what each intent names, answers, and summarises when asked; and the prompt-cache numbers
// of the requests it received. Shared by the context-economy tests and `bench/economy.ts`.
import fs from 'node:fs';
import path from 'node:path';
import { CURRENT_INTENT_HEADER } from '../../src/agent/compact.js';
import { createExecutor } from '../../src/core/intent-executor.js';
import type { Project, Workspace } from '../../src/model/project.js';
import { ContextStore } from '../../src/store/contexts.js';
import { type Db, openDb } from '../../src/store/db.js';
import { IntentStore, rememberProjects } from '../../src/store/intents.js';
import { type Settings, settingsSchema } from '../../src/store/settings.js';
import { createRepo, makeTempDir } from './git-repos.js';
import { commonPrefixLength } from './scripted-server/harness.js';
import {
  type RecordedRequest,
  type ScriptedServer,
  type ScriptedTurn,
  startScriptedServer,
} from './scripted-server.js';

export type Api = 'responses' | 'chat';

export interface WireItem {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
}

/** The conversation a request carried (Responses input items or chat messages). */
export const conversation = (request: RecordedRequest): WireItem[] =>
  (request.api === 'responses' ? request.body.input : request.body.messages) as WireItem[];

/** The text of the request's last message. */
export function lastText(request: RecordedRequest): string {
  const content = conversation(request).at(-1)?.content;
  return typeof content === 'string' ? content : '';
}

/** A summary request, in the old shape (a transcript) or the new one (a last message asking for it). */
export function isSummaryRequest(request: RecordedRequest): boolean {
  const text = lastText(request);
  return text.includes('<transcript>') || text.startsWith('[Compaction]');
}

/** Names of the tools a request offered (both APIs). */
export function toolNames(request: RecordedRequest): string[] {
  const tools = (request.body.tools ?? []) as { name?: string; function?: { name: string } }[];
  return tools.map((tool) => tool.name ?? tool.function!.name);
}

/** True when `request` does not begin with the whole of `previous` (up to its closing `]}`). */
export function breaksPrefix(previous: RecordedRequest, request: RecordedRequest): boolean {
  return commonPrefixLength(previous.raw, request.raw) < previous.raw.length - 2;
}

/**
 * The fake model: a read or a command for a new intent (`Read PATH`, ``Run `CMD` `` and `twice` for
 * two steps), an answer once the tool outputs are in, a summary when asked. Reported input tokens
 * are the body's size / 4, so mid-turn compaction triggers as it would.
 */
export function fakeModel(request: RecordedRequest): ScriptedTurn {
  const items = conversation(request);
  const input = Math.ceil(request.raw.length / 4);
  if (isSummaryRequest(request)) {
    return {
      text: `Summary: the user asked for ${items.length} items of work on the project; each was done and checked. ${'The files read hold numbered lines of sample text. '.repeat(8)}`,
      usage: { input },
    };
  }
  const lastUser = items.findLastIndex((item) => item.role === 'user');
  // After a mid-turn compaction the intent's message travels at the end of the summary.
  const text = String(items[lastUser]?.content ?? '')
    .split(`${CURRENT_INTENT_HEADER}\n`)
    .at(-1)!;
  const outputs = items
    .slice(lastUser + 1)
    .filter((item) => item.type === 'function_call_output' || item.role === 'tool').length;
  if (outputs >= (text.includes('twice') ? 2 : 1)) {
    return { text: `Done: ${text.split('\n')[0]!.slice(0, 60)}\n\nChecked the output.`, usage: { input } };
  }
  const read = /Read (\S+)/.exec(text);
  const run = /Run `([^`]+)`/.exec(text);
  const call = read
    ? { name: 'read_file', arguments: { path: read[1]! } }
    : { name: 'shell', arguments: { command: run?.[1] ?? 'true' } };
  return { toolCalls: [call], usage: { input } };
}

export interface CacheNumbers {
  requests: number;
  totalBytes: number;
  /** Bytes of each request beyond the longest prefix it shares with any earlier request. */
  freshBytes: number;
  /** Requests that do not begin with the whole previous one. */
  breaks: number;
  summaries: number;
}

export function cacheNumbers(requests: readonly RecordedRequest[]): CacheNumbers {
  let totalBytes = 0;
  let freshBytes = 0;
  let breaks = 0;
  requests.forEach((request, i) => {
    totalBytes += request.raw.length;
    let cached = 0;
    for (let j = 0; j < i; j++) cached = Math.max(cached, commonPrefixLength(requests[j]!.raw, request.raw));
    freshBytes += request.raw.length - cached;
    if (i > 0 && breaksPrefix(requests[i - 1]!, request)) breaks++;
  });
  return {
    requests: requests.length,
    totalBytes,
    freshBytes,
    breaks,
    summaries: requests.filter(isSummaryRequest).length,
  };
}

export interface EconomyProject {
  server: ScriptedServer;
  root: string;
  project: Project;
  workspace: Workspace;
  db: Db;
  contexts: ContextStore;
  /** Runs one intent to its end; throws unless it is done. */
  intent(text: string): Promise<void>;
  /** Adds a sibling repository to the workspace. */
  addSibling(name: string): Project;
  close(): Promise<void>;
}

const sample = (n: number) =>
  Array.from({ length: 40 }, (_, i) => `line ${i + 1} of sample file ${n}: some words to read\n`).join('');

/** Project `app` (AGENTS.md, src/file-1..15.txt committed) alone in a workspace, or with `siblings`. */
export async function economyProject(
  api: Api,
  options: { contextWindow?: number; siblings?: string[] } = {},
): Promise<EconomyProject> {
  const server = await startScriptedServer(fakeModel);
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
  const settings: Settings = settingsSchema.parse({
    commit: 'off',
    ...(options.contextWindow ? { model: { contextWindow: options.contextWindow } } : {}),
  });
  const env = {
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: 'k',
    SHIPYARD_MODEL: 'm',
    SHIPYARD_API: api,
  };
  const execute = createExecutor({ db, workspace, settings: () => settings, env });
  const intents = new IntentStore(db);
  const addSibling = (name: string) => {
    const sibling: Project = { name, path: createRepo({ parent: root, name }).path, pinned: false };
    workspace.projects.push(sibling);
    rememberProjects(db, workspace);
    return sibling;
  };
  for (const name of options.siblings ?? []) addSibling(name);
  rememberProjects(db, workspace);
  return {
    server,
    root,
    project,
    workspace,
    db,
    contexts: new ContextStore(db),
    addSibling,
    async intent(text) {
      const intent = intents.startNow(project.path, text);
      const outcome = await execute(intent, new AbortController().signal, { project, waiting: 0 });
      intents.finish(intent.id, outcome.state, { summary: outcome.summary });
      if (outcome.state !== 'done')
        throw new Error(`intent "${text}": ${outcome.state} ${outcome.error ?? ''}`);
    },
    async close() {
      db.close();
      await server.close();
    },
  };
}

/** Appends a line to the project's AGENTS.md. */
export function editAgentsMd(project: Project, line: string): void {
  fs.appendFileSync(path.join(project.path, 'AGENTS.md'), `${line}\n`);
}
