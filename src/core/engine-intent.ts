// One intent worked by another agent (Codex CLI, Claude Code) instead of Shipyard's loop. Shipyard
// keeps everything around it: the queue, @references in the intent's text and the sibling tools over
// `shipyard mcp`, the engine's thread id with the project's context (resumed next intent and after
// a restart), approvals in the pane, the fence, usage, the feed, and the commit of exactly the files
// the engine changed (the paths of its file-change events, hashed then): what its commands wrote
// straight into the project cannot be told from the user's edits, so it is left out and reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReferenceBlock } from '../agent/prompt.js';
import { buildIntentMessage } from '../agent/prompt.js';
import { secretFilter } from '../agent/tools/secrets.js';
import type { EngineModel, EngineTurnOptions, ExternalEngine } from '../engines/engine.js';
import { engineEnv } from '../engines/engine-env.js';
import { engineFence } from '../engines/engine-fence.js';
import { runEngineTurn } from '../engines/run.js';
import { errorMessage } from '../errors.js';
import { IntentChanges } from '../git/intent-changes.js';
import type { MessageItem } from '../model/conversation.js';
import type { Intent } from '../model/intent.js';
import type { Project, Workspace } from '../model/project.js';
import { sandboxPolicy } from '../sandbox/policy.js';
import { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import { IntentStore } from '../store/intents.js';
import type { Settings } from '../store/settings.js';
import { stateId } from '../store/state-id.js';
import { takeSteering } from '../store/steering.js';
import { recordUsage } from '../store/usage.js';
import { commitPending } from './deferred-commit.js';
import { gitSummary } from './git-summary.js';
import { commitIntent } from './intent-commit.js';
import type { IntentSink } from './intent-executor.js';
import { snapshotBeforeIntent } from './intent-snapshot.js';
import type { ExecuteContext, IntentOutcome } from './runner.js';
import { isShipyardNote } from './shipyard-note.js';

/** The context item that names an engine's thread: the newest one of the current context is resumed. */
export const ENGINE_THREAD = 'engine_thread';

interface EngineThreadItem {
  type: typeof ENGINE_THREAD;
  engine: ExternalEngine;
  id: string;
}

export interface EngineIntentOptions {
  db: Db;
  workspace: Workspace;
  env: NodeJS.ProcessEnv;
  sink: IntentSink;
  settings: Settings;
  engine: ExternalEngine;
  references?: (intent: Intent, project: Project) => Promise<ReferenceBlock[]>;
}

/** The thread of `engine` the project's current context holds, if any. */
export function engineThread(
  contexts: ContextStore,
  projectPath: string,
  engine: ExternalEngine,
): string | undefined {
  const items = contexts.items(projectPath).map((entry) => entry.item as Partial<EngineThreadItem>);
  return items.findLast((item) => item.type === ENGINE_THREAD && item.engine === engine)?.id;
}

/** Shipyard's notes (files left out of a commit, an undo, a restore) the engine's thread has not seen: its context holds only Shipyard's. */
function notesSinceLastIntent(contexts: ContextStore, projectPath: string): string[] {
  const items = contexts.items(projectPath);
  const last = items.findLastIndex((entry) => entry.kind === 'user');
  return items
    .slice(last + 1)
    .map((entry) => (entry.item as Partial<MessageItem>).content)
    .filter((content): content is string => typeof content === 'string' && isShipyardNote(content));
}

/** Shipyard's model settings for the project, passed through; unset leaves the engine's own. */
function engineModel(settings: Settings, project: Project, env: NodeJS.ProcessEnv): EngineModel {
  const own = settings.projects[project.name] ?? {};
  const pick = <K extends keyof EngineModel>(key: K) => (own[key] ?? settings.model[key]) as EngineModel[K];
  const model = env.SHIPYARD_MODEL || pick('model');
  return {
    ...(pick('baseURL') ? { baseURL: pick('baseURL') } : {}),
    ...(pick('apiKey') ? { apiKey: pick('apiKey') } : {}),
    ...(model ? { model } : {}),
    ...(pick('reasoningEffort') ? { reasoningEffort: pick('reasoningEffort') } : {}),
    ...(pick('contextWindow') ? { contextWindow: pick('contextWindow') } : {}),
  };
}

/** `shipyard mcp` for the engine: the built CLI beside this code (src/ and dist/ alike). */
function mcpServer(workspace: Workspace, project: Project): EngineTurnOptions['mcp'] {
  const bin = fileURLToPathSafe(new URL('../../dist/cli/bin.js', import.meta.url));
  if (!bin || !fs.existsSync(bin) || workspace.projects.length < 2) return undefined;
  return {
    command: process.execPath,
    args: [bin, '--root', workspace.root, 'mcp', '--project', project.name],
  };
}

function fileURLToPathSafe(url: URL): string | undefined {
  return url.protocol === 'file:' ? decodeURIComponent(url.pathname) : undefined;
}

function engineHomes(engine: ExternalEngine, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? os.homedir();
  return engine === 'codex'
    ? [env.CODEX_HOME ?? path.join(home, '.codex')]
    : env.CLAUDE_CONFIG_DIR
      ? [env.CLAUDE_CONFIG_DIR]
      : [path.join(home, '.claude'), path.join(home, '.claude.json')];
}

export async function runEngineIntent(
  options: EngineIntentOptions,
  intent: Intent,
  signal: AbortSignal,
  queue: ExecuteContext,
): Promise<IntentOutcome> {
  const { db, workspace, sink, settings, engine } = options;
  // The engine runs with this process's environment; the `env` option (model settings) on top.
  const env = options.env === process.env ? process.env : { ...process.env, ...options.env };
  const project = queue.project;
  const contexts = new ContextStore(db);
  let references: ReferenceBlock[] = [];
  try {
    references = (await options.references?.(intent, project)) ?? [];
  } catch (error) {
    return signal.aborted ? { state: 'cancelled' } : { state: 'failed', error: errorMessage(error) };
  }
  for (const line of await commitPending(db, project.path).catch(() => [])) sink.info?.(intent, line);
  const changes = new IntentChanges(project.path);
  const git = await changes.begin();
  const snapshot = await snapshotBeforeIntent(
    project.path,
    { stateId: stateId(db), intentId: intent.id },
    git,
    settings,
  );
  const siblings = workspace.projects.filter((other) => other !== project);
  const news = [
    ...(siblings.length
      ? [
          `Other projects of this workspace (read-only; consult them with the shipyard MCP tools): ${siblings.map((other) => other.name).join(', ')}.`,
        ]
      : []),
    ...notesSinceLastIntent(contexts, project.path),
  ];
  const text = buildIntentMessage({
    text: intent.text,
    gitStatus: gitSummary(git),
    queueWaiting: queue.waiting,
    references,
    ...(news.length ? { news } : {}),
  });
  const asked: MessageItem = { type: 'message', role: 'user', content: text };
  contexts.append(project.path, asked, { kind: 'user', intentId: intent.id });

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-engine-'));
  const approval = settings.projects[project.name]?.approval ?? settings.approval;
  const own = sandboxPolicy(settings, project.name);
  // A read-only project is fenced read-only: the engine's commands can read, never write.
  const policy =
    approval === 'read-only' && own.mode !== 'off' ? { ...own, mode: 'read-only' as const } : own;
  const plan = engineFence({
    projectRoot: project.path,
    policy,
    siblings: siblings.map((other) => other.path),
    deny: secretFilter(settings.references.deny),
    writable: [...engineHomes(engine, env), scratch],
    env,
  });
  if ('refused' in plan) {
    fs.rmSync(scratch, { recursive: true, force: true });
    return { state: 'failed', error: plan.refused };
  }
  if (plan.line) sink.info?.(intent, plan.line, 'note');

  let threadId = engineThread(contexts, project.path, engine);
  const mcp = mcpServer(workspace, project);
  let heard = false;
  const turn = (resume: string | undefined) =>
    runEngineTurn(engine, {
      projectRoot: project.path,
      text,
      ...(resume ? { threadId: resume } : {}),
      model: engineModel(settings, project, env),
      approval,
      sandboxMode: policy.mode,
      ...(plan.fence ? { fence: plan.fence } : {}),
      signal,
      ...(sink.approve ? { approve: (request) => sink.approve!(intent, request) } : {}),
      onEvent: (event) => {
        heard = true;
        if (event.type === 'usage') recordUsage(db, project.path, intent.id, event);
        sink.event?.(intent, event);
      },
      onInfo: (line) => sink.info?.(intent, line, 'note'),
      onThread: (id) => {
        heard = true;
        if (id === threadId) return;
        threadId = id;
        const item: EngineThreadItem = { type: ENGINE_THREAD, engine, id };
        contexts.append(project.path, item, { kind: 'note', intentId: intent.id });
      },
      onCommand: (startedAt, endedAt) => changes.noteCommand(startedAt, endedAt),
      onFilesChanged: (paths) => changes.noteAgentWrites(paths),
      ...(mcp ? { mcp } : {}),
      // Its commands must not see the user's tokens or credential helpers: only what it needs itself.
      env: engineEnv(engine, env, policy.envAllow),
      scratch,
    });
  let result: Awaited<ReturnType<typeof runEngineTurn>>;
  try {
    result = await turn(threadId);
    // A thread the engine no longer has (its state folder moved or was cleared) fails before any
    // event (Codex) or says so (Claude Code): the intent goes on in a new thread, not failing each time.
    const lost = !heard || /no conversation found|not found/i.test(result.error ?? '');
    if (result.status === 'failed' && threadId && lost && !signal.aborted) {
      sink.info?.(
        intent,
        `could not resume the ${engine} thread (${result.error ?? 'no answer'}); started a new one`,
      );
      threadId = undefined;
      result = await turn(undefined);
    }
  } catch (error) {
    result = { status: 'failed', finalText: '', error: errorMessage(error) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

  if (result.finalText) {
    const answer: MessageItem = { type: 'message', role: 'assistant', content: result.finalText };
    contexts.append(project.path, answer, { kind: 'assistant', intentId: intent.id });
  }
  for (const line of await snapshot.done) sink.info?.(intent, line, 'note');
  // The engine takes no text mid-turn: what was typed to steer it becomes the next intent.
  const intents = new IntentStore(db);
  for (const steer of takeSteering(db, project.path)) {
    const queued = intents.enqueue(project.path, steer);
    sink.info?.(intent, `${engine} takes no steering mid-turn: queued instead as intent ${queued.id}`);
  }
  if (result.status !== 'done')
    return { state: result.status, ...(result.error ? { error: result.error } : {}) };
  return commitIntent({ db, sink, intent, project, settings, changes, finalText: result.finalText });
}
