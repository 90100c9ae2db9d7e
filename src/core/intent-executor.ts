// Runs one intent with the project's agent: the living context in, every new item persisted as it
// completes, the changed files committed at the end. Shared by the TUI, `shipyard run` and `shipyard ask`.
import type OpenAI from 'openai';
import { createClient } from '../agent/client.js';
import { compactContext, compactionNote } from '../agent/compact.js';
import type { AgentEvent, ApprovalAnswer, ApprovalRequest } from '../agent/events.js';
import { repairHistory } from '../agent/items.js';
import { runTurn } from '../agent/loop.js';
import { resolveModel } from '../agent/model-detect.js';
import { readProjectInstructions } from '../agent/project-instructions.js';
import { ContextPrompt } from '../agent/prompt-state.js';
import type { ModelConfig } from '../agent/provider.js';
import { consultedLine, type MentionBlock } from '../agent/reference-block.js';
import type { Tool } from '../agent/tool.js';
import { projectTools, referenceTools } from '../agent/tools/index.js';
import { secretFilter } from '../agent/tools/secrets.js';
import { projectEngine } from '../engines/missing.js';
import { errorMessage } from '../errors.js';
import { IntentChanges } from '../git/intent-changes.js';
import type { ContextItem } from '../model/conversation.js';
import type { InfoKind } from '../model/feed.js';
import type { Intent } from '../model/intent.js';
import type { Project, Workspace } from '../model/project.js';
import { CommandFence } from '../sandbox/fence.js';
import { sandboxPolicy } from '../sandbox/policy.js';
import { CommandGroups } from '../store/command-groups.js';
import { type ContextItemKind, ContextStore, estimateTokens } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import type { Settings } from '../store/settings.js';
import { stateId } from '../store/state-id.js';
import { takeSteering } from '../store/steering.js';
import { recordUsage } from '../store/usage.js';
import { layerBaseOf, recoverFromCrash } from './crash-recovery.js';
import { commitPending } from './deferred-commit.js';
import { ENGINE_THREAD, runEngineIntent } from './engine-intent.js';
import { gitSummary } from './git-summary.js';
import { commitIntent } from './intent-commit.js';
import { snapshotBeforeIntent } from './intent-snapshot.js';
import { recordingSink } from './recording-sink.js';
import type { ExecuteIntent, IntentOutcome } from './runner.js';

/** Where an intent's progress goes: the pane in the TUI, stdout headless. */
export interface IntentSink {
  start?(intent: Intent, project: Project): void;
  event?(intent: Intent, event: AgentEvent): void;
  /** A line worth showing: a commit, a skipped file, a compaction. */
  info?(intent: Intent, line: string, kind?: InfoKind): void;
  approve?(intent: Intent, request: ApprovalRequest): Promise<ApprovalAnswer>;
}

export interface ExecutorOptions {
  db: Db;
  workspace: Workspace;
  /** Read at the start of every intent, so settings changes apply to the next one. */
  settings: () => Settings;
  env?: NodeJS.ProcessEnv;
  sink?: IntentSink;
  /** Resolves `@name` references of an intent (sibling projects); may throw a UserError. */
  references?: (intent: Intent, project: Project) => Promise<MentionBlock[]>;
}

const itemKinds: Record<ContextItem['type'], ContextItemKind> = {
  message: 'user',
  function_call: 'tool_call',
  function_call_output: 'tool_result',
  reasoning: 'reasoning',
};

function kindOf(item: ContextItem): ContextItemKind {
  if (item.type === 'message') return item.role === 'assistant' ? 'assistant' : 'user';
  return itemKinds[item.type];
}

const withInstructions = (instructions: ReturnType<typeof readProjectInstructions>) =>
  instructions ? { instructions } : {};

/** The conversation of a context: an engine's thread marker (src/core/engine-intent.ts) is no model item. */
function conversationItems(entries: readonly { item: unknown }[]): ContextItem[] {
  return entries
    .map((entry) => entry.item as ContextItem)
    .filter((item) => (item.type as string) !== ENGINE_THREAD);
}

export function commandTimeoutMs(settings: Settings, env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.SHIPYARD_COMMAND_TIMEOUT);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : settings.commandTimeoutSec) * 1000;
}

export function createExecutor(options: ExecutorOptions): ExecuteIntent {
  const { db, workspace } = options;
  const env = options.env ?? process.env;
  const contexts = new ContextStore(db);
  const clients = new Map<string, { key: string; client: OpenAI }>();
  const sink = recordingSink(db, options.sink);
  const tools: Tool[] = [...projectTools, ...referenceTools];
  // Commands a crashed Shipyard left running end before any new one starts; its layers go too.
  recoverFromCrash(db);
  const layerBase = layerBaseOf(db);

  const clientFor = (projectPath: string, config: ModelConfig): OpenAI => {
    const key = `${config.baseURL}\n${config.apiKey}\n${config.requestTimeoutMs}`;
    const cached = clients.get(projectPath);
    if (cached?.key === key) return cached.client;
    const client = createClient(config);
    clients.set(projectPath, { key, client });
    return client;
  };

  return async (intent, signal, queue): Promise<IntentOutcome> => {
    const project = queue.project;
    sink.start?.(intent, project);
    const settings = options.settings();
    const { engine } = projectEngine(settings, project.name);
    if (engine !== 'shipyard')
      return runEngineIntent(
        { db, workspace, env, sink, settings, engine, references: options.references },
        intent,
        signal,
        queue,
      );
    const resolved = await resolveModel(settings, project.name, env);
    if (!resolved.ok) return { state: 'failed', error: resolved.message };
    const config = resolved.config;
    const client = clientFor(project.path, config);
    const projectSettings = settings.projects[project.name];

    // The prefix the context was started with; what changed since reaches the model as news.
    const prompt = new ContextPrompt(contexts, project, {
      ...withInstructions(readProjectInstructions(project.path)),
      siblings: workspace.projects
        .filter((other) => other !== project)
        .map((other) => other.name)
        .sort(),
    });
    const compactIfNeeded = async (options: {
      tokens: number;
      insideLastIntent?: boolean;
      conversation?: readonly ContextItem[];
    }) => {
      const compacted = await compactContext({
        contexts,
        projectPath: project.path,
        config,
        client,
        signal,
        prefix: prompt.prefix,
        ...options,
      });
      if (!compacted) return false;
      prompt.compacted();
      sink.info?.(intent, compactionNote(compacted), 'compaction');
      return true;
    };
    let references: MentionBlock[] = [];
    try {
      references = (await options.references?.(intent, project)) ?? [];
      if (references.length > 0) sink.info?.(intent, consultedLine(references), 'references');
      // Near the model's window, older turns give way to a model-written summary before this intent.
      await compactIfNeeded({ tokens: contexts.tokenEstimate(project.path) + estimateTokens(prompt.prefix) });
    } catch (error) {
      if (signal.aborted) return { state: 'cancelled' };
      return { state: 'failed', error: errorMessage(error) };
    }

    // A commit held during the user's rebase or merge is made first, once it is finished.
    for (const line of await commitPending(db, project.path).catch(() => [])) sink.info?.(intent, line);
    const changes = new IntentChanges(project.path);
    const git = await changes.begin();
    const snapshot = await snapshotBeforeIntent(
      project.path,
      { stateId: stateId(db), intentId: intent.id },
      git,
      settings,
    );
    const history = repairHistory(conversationItems(contexts.items(project.path)));
    const changedFiles = new Set<string>();
    const writeTools = new Set(tools.filter((tool) => tool.kind === 'write').map((tool) => tool.name));

    const result = await runTurn({
      config,
      client,
      prefix: prompt.prefix,
      history,
      userMessage: prompt.intentMessage({
        text: intent.text,
        gitStatus: gitSummary(git),
        date: new Date(),
        queueWaiting: queue.waiting,
        references,
      }),
      tools,
      toolContext: {
        projectRoot: project.path,
        commandTimeoutMs: commandTimeoutMs(settings, env),
        workspace,
        denyPatterns: settings.references.deny,
        changedFiles,
        sandbox: new CommandFence({
          projectRoot: project.path,
          policy: sandboxPolicy(settings, project.name),
          siblings: workspace.projects.filter((other) => other !== project).map((other) => other.path),
          deny: secretFilter(settings.references.deny),
          ...(layerBase ? { layerBase } : {}),
        }),
        commandGroups: new CommandGroups(db, project.path),
        commandChanges: {
          before: () => changes.beforeCommand(),
          after: async (done) => {
            await changes.afterCommand(done);
            for (const rel of done.conflicts ?? [])
              sink.info?.(intent, `not applied: ${rel}: you changed it while the agent's command ran`);
          },
        },
      },
      maxSteps: settings.maxSteps,
      signal,
      approval: projectSettings?.approval ?? settings.approval,
      ...(sink.approve ? { approve: (request: ApprovalRequest) => sink.approve!(intent, request) } : {}),
      steering: () => takeSteering(db, project.path),
      // A long intent can outgrow the window by itself: summarise its earlier steps and go on.
      betweenSteps: async ({ inputTokens, items }) => {
        const compacted = await compactIfNeeded({
          tokens: inputTokens,
          insideLastIntent: true,
          conversation: items,
        });
        if (!compacted) return undefined;
        const history = conversationItems(contexts.items(project.path));
        return { history: repairHistory(history), prefix: prompt.prefix };
      },
      onItem: (item) => {
        contexts.append(project.path, item, { kind: kindOf(item), intentId: intent.id });
      },
      onEvent: (event) => {
        if (event.type === 'usage') recordUsage(db, project.path, intent.id, event);
        // Remember what the agent left in each file, to spot a user edit made after it.
        if (event.type === 'tool-end' && writeTools.has(event.name)) changes.noteAgentWrites(changedFiles);
        sink.event?.(intent, event);
      },
    });

    for (const line of await snapshot.done) sink.info?.(intent, line, 'note');
    // Steering typed too late for this turn is not handed to the next intent behind the user's back.
    for (const text of takeSteering(db, project.path))
      sink.info?.(intent, `not delivered (the turn had ended): ${text}`);
    if (result.status !== 'done') {
      return { state: result.status, ...(result.error ? { error: result.error } : {}) };
    }
    return commitIntent({ db, sink, intent, project, settings, changes, finalText: result.finalText });
  };
}
