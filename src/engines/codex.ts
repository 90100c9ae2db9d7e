import path from 'node:path';
import type { ThreadEvent, ThreadItem, ThreadOptions } from '@openai/codex-sdk';
import type { AgentEvent } from '../agent/events.js';
import { errorMessage } from '../errors.js';
import { stripControls } from '../sanitize.js';
import { ApprovalGate, startHookBridge } from './approval-bridge.js';
import { findCodexBinary, writeLauncher } from './codex-binary.js';
import { codexHomeOf, codexTurnTokens } from './codex-rollout.js';
import type { EngineTurnOptions, EngineTurnResult } from './engine.js';
import { EngineMissing } from './missing.js';
import { oneLine, outputPreview, relative } from './tool-lines.js';

type CodexConfig = NonNullable<import('@openai/codex-sdk').CodexOptions['config']>;

/** Codex's own sandbox mode: ours when fenced, else Codex's matching one. */
function codexSandbox(options: EngineTurnOptions): ThreadOptions['sandboxMode'] {
  if (options.fence || options.sandboxMode === 'off') return 'danger-full-access';
  return options.sandboxMode === 'read-only' ? 'read-only' : 'workspace-write';
}

export async function runCodexTurn(options: EngineTurnOptions): Promise<EngineTurnResult> {
  const { bin, pathDir } = findCodexBinary();
  let sdk: typeof import('@openai/codex-sdk');
  try {
    sdk = await import('@openai/codex-sdk');
  } catch {
    throw new EngineMissing('codex', '@openai/codex-sdk is not installed (npm install @openai/codex-sdk)');
  }
  const gate = new ApprovalGate(options.approve, options.signal);
  const ask = options.approval === 'ask';
  const bridge = ask ? await startHookBridge(gate, options.scratch, process.execPath) : undefined;
  try {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
    env.PATH = [pathDir, env.PATH ?? ''].join(path.delimiter);
    const config: CodexConfig = {};
    const { model } = options;
    if (model.baseURL) {
      config.model_provider = 'shipyard';
      config.model_providers = {
        shipyard: {
          name: 'Shipyard',
          base_url: model.baseURL,
          wire_api: 'responses',
          // Codex tries a WebSocket first and backs off for seconds on a server without one.
          supports_websockets: false,
          ...(model.apiKey ? { env_key: 'SHIPYARD_ENGINE_API_KEY' } : {}),
        },
      };
      if (model.apiKey) env.SHIPYARD_ENGINE_API_KEY = model.apiKey;
    }
    // Passed through like the model: Codex then compacts at it and reports it as the window.
    if (model.contextWindow) config.model_context_window = model.contextWindow;
    if (options.mcp)
      config.mcp_servers = { shipyard: { command: options.mcp.command, args: options.mcp.args } };
    if (bridge) config.hooks = { PreToolUse: [{ hooks: [{ type: 'command', command: bridge.command }] }] };
    const codex = new sdk.Codex({
      codexPathOverride: writeLauncher(options.scratch, bin, options.fence?.argv ?? [], ask),
      env,
      config,
      ...(model.apiKey && !model.baseURL ? { apiKey: model.apiKey } : {}),
    });
    const threadOptions: ThreadOptions = {
      workingDirectory: options.projectRoot,
      skipGitRepoCheck: true,
      sandboxMode: codexSandbox(options),
      approvalPolicy: 'never',
      ...(model.model ? { model: model.model } : {}),
      ...(model.reasoningEffort ? { modelReasoningEffort: model.reasoningEffort } : {}),
    };
    const thread = options.threadId
      ? codex.resumeThread(options.threadId, threadOptions)
      : codex.startThread(threadOptions);
    return await consume(thread, options);
  } finally {
    await bridge?.close();
  }
}

async function consume(
  thread: import('@openai/codex-sdk').Thread,
  options: EngineTurnOptions,
): Promise<EngineTurnResult> {
  const mapper = new CodexEvents(options);
  try {
    const { events } = await thread.runStreamed(options.text, { signal: options.signal });
    for await (const event of events) mapper.handle(event);
    // After the stream ends, Codex has exited and its session file holds the whole turn.
    mapper.reportUsage(options);
  } catch (error) {
    if (options.signal.aborted) return { status: 'cancelled', finalText: mapper.finalText };
    return { status: 'failed', finalText: mapper.finalText, error: lastLine(errorMessage(error)) };
  }
  if (options.signal.aborted) return { status: 'cancelled', finalText: mapper.finalText };
  if (mapper.failure) return { status: 'failed', finalText: mapper.finalText, error: mapper.failure };
  return { status: 'done', finalText: mapper.finalText };
}

/** Codex's stderr ends with the reason; the rest is warnings. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const error = lines.findLast((line) => /^error/i.test(line)) ?? lines.at(-1) ?? text;
  return stripControls(error).slice(0, 300);
}

/** Warnings Shipyard causes on purpose and that say nothing to the user. */
const OWN_WARNINGS = /dangerously-bypass-hook-trust|Model metadata for .* not found/;

class CodexEvents {
  finalText = '';
  failure?: string;
  private readonly started = new Map<string, number>();
  private threadId?: string;
  /** `turn.completed`'s usage: the thread's running total, not this turn's. */
  private total?: { input_tokens: number; cached_input_tokens: number; output_tokens: number };

  constructor(private readonly options: EngineTurnOptions) {}

  private emit(event: AgentEvent): void {
    this.options.onEvent(event);
  }

  handle(event: ThreadEvent): void {
    switch (event.type) {
      case 'thread.started':
        this.threadId = event.thread_id;
        this.options.onThread(event.thread_id);
        break;
      case 'turn.started':
        this.emit({ type: 'step', step: 1 });
        break;
      case 'item.started':
        this.itemStarted(event.item);
        break;
      case 'item.completed':
        this.itemCompleted(event.item);
        break;
      case 'turn.completed':
        this.total = event.usage;
        break;
      case 'turn.failed':
        this.failure = stripControls(event.error.message).slice(0, 300);
        break;
      case 'error':
        // Reconnects and the like: Codex retries by itself.
        this.options.onInfo(`codex: ${stripControls(event.message).split('\n')[0]!.slice(0, 200)}`);
        break;
      default:
        break;
    }
  }

  /**
   * The turn's usage and the context's fill, from Codex's session file; without it the SDK's total
   * and the configured window (the context then unknown).
   */
  reportUsage(options: EngineTurnOptions): void {
    if (!this.total) return;
    const threadId = this.threadId ?? options.threadId;
    const tokens = threadId ? codexTurnTokens(codexHomeOf(options.env), threadId) : undefined;
    if (!tokens) {
      this.emit({
        type: 'usage',
        input: this.total.input_tokens,
        cached: this.total.cached_input_tokens,
        output: this.total.output_tokens,
      });
      return;
    }
    const window = tokens.window ?? options.model.contextWindow;
    this.emit({
      type: 'usage',
      ...tokens.turn,
      ...(window ? { context: { tokens: tokens.context, window } } : {}),
    });
  }

  private itemStarted(item: ThreadItem): void {
    if (item.type === 'command_execution') {
      this.started.set(item.id, Date.now());
      this.emit({
        type: 'tool-start',
        callId: item.id,
        name: 'shell',
        summary: `shell ${oneLine(item.command)}`,
      });
    } else if (item.type === 'mcp_tool_call') {
      this.started.set(item.id, Date.now());
      this.emit({
        type: 'tool-start',
        callId: item.id,
        name: item.tool,
        summary: `${item.server}.${item.tool}`,
      });
    }
  }

  private itemCompleted(item: ThreadItem): void {
    switch (item.type) {
      case 'agent_message':
        // Codex sends whole messages (no deltas); a second one in a turn starts a new paragraph.
        this.emit({ type: 'text', delta: this.finalText ? `\n\n${item.text}` : item.text });
        this.finalText = item.text;
        break;
      case 'reasoning':
        this.emit({ type: 'reasoning', delta: item.text });
        break;
      case 'command_execution': {
        const startedAt = this.started.get(item.id) ?? Date.now();
        this.started.delete(item.id);
        const endedAt = Date.now();
        this.options.onCommand(startedAt, endedAt);
        const failed = item.status === 'failed' || (item.exit_code ?? 0) !== 0;
        this.emit({
          type: 'tool-end',
          callId: item.id,
          name: 'shell',
          summary: `shell ${oneLine(item.command)} → exit ${item.exit_code ?? '?'}`,
          isError: failed,
          durationMs: endedAt - startedAt,
          ...outputPreview(stripControls(item.aggregated_output)),
        });
        break;
      }
      case 'file_change': {
        const paths = item.changes.map((change) => relative(this.options.projectRoot, change.path));
        const ok = item.status === 'completed';
        if (ok) this.options.onFilesChanged(paths.filter((rel) => rel !== undefined) as string[]);
        const shown = item.changes.map((change) => `${change.kind} ${stripControls(change.path)}`).join(', ');
        this.emit({
          type: 'tool-start',
          callId: item.id,
          name: 'apply_patch',
          summary: `apply_patch ${shown}`,
        });
        this.emit({
          type: 'tool-end',
          callId: item.id,
          name: 'apply_patch',
          summary: `apply_patch ${shown} → ${ok ? 'applied' : 'failed'}`,
          isError: !ok,
          durationMs: 0,
        });
        break;
      }
      case 'mcp_tool_call': {
        const startedAt = this.started.get(item.id) ?? Date.now();
        this.started.delete(item.id);
        const failed = item.status === 'failed';
        const text = failed
          ? (item.error?.message ?? 'failed')
          : (item.result?.content ?? [])
              .map((part) => ('text' in part && typeof part.text === 'string' ? part.text : ''))
              .join('');
        this.emit({
          type: 'tool-end',
          callId: item.id,
          name: item.tool,
          summary: `${item.server}.${item.tool}${failed ? ' → failed' : ''}`,
          isError: failed,
          durationMs: Date.now() - startedAt,
          ...outputPreview(stripControls(text)),
        });
        break;
      }
      case 'error':
        if (!OWN_WARNINGS.test(item.message))
          this.options.onInfo(`codex: ${stripControls(item.message).split('\n')[0]!.slice(0, 200)}`);
        break;
      default:
        break;
    }
  }
}
