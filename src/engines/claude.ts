// The Claude Code engine: `@anthropic-ai/claude-agent-sdk` (Claude Code's own loop, sessions
// resumable by id), its messages mapped onto Shipyard's events. Every tool call that is not a read
// is decided by Shipyard through `canUseTool` (the pane under `ask`); the Claude Code process runs
// inside Shipyard's fence and is killed with its whole process group on cancel.
import { type ChildProcess, spawn } from 'node:child_process';
import type { AgentEvent } from '../agent/events.js';
import { errorMessage } from '../errors.js';
import { stripControls } from '../sanitize.js';
import { ApprovalGate, type Decision } from './approval-bridge.js';
import type { EngineTurnOptions, EngineTurnResult } from './engine.js';
import { EngineMissing } from './missing.js';
import { oneLine, outputPreview, relative } from './tool-lines.js';

type Sdk = typeof import('@anthropic-ai/claude-agent-sdk');
type Message = import('@anthropic-ai/claude-agent-sdk').SDKMessage;

/** Tools that write files: a completed call names the file Shipyard commits. */
const FILE_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);
/** What a read-only project refuses. */
const WRITE_TOOLS = new Set([...FILE_TOOLS, 'Bash', 'BashOutput', 'KillShell']);

async function loadSdk(): Promise<Sdk> {
  try {
    return await import('@anthropic-ai/claude-agent-sdk');
  } catch {
    throw new EngineMissing(
      'claude',
      '@anthropic-ai/claude-agent-sdk is not installed (npm install @anthropic-ai/claude-agent-sdk)',
    );
  }
}

export async function runClaudeTurn(options: EngineTurnOptions): Promise<EngineTurnResult> {
  const sdk = await loadSdk();
  const ask = new ApprovalGate(options.approve, options.signal);
  const decide = async (name: string, input: unknown): Promise<Decision> => {
    if (options.approval === 'read-only' && WRITE_TOOLS.has(name))
      return { allow: false, reason: 'this project is read-only in Shipyard' };
    if (options.approval === 'ask') return ask.decide(name, input);
    return { allow: true };
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env)) if (value !== undefined) env[key] = value;
  const { model } = options;
  if (model.baseURL) env.ANTHROPIC_BASE_URL = model.baseURL.replace(/\/v1\/?$/, '');
  if (model.apiKey) env.ANTHROPIC_API_KEY = model.apiKey;
  const abort = new AbortController();
  let child: ChildProcess | undefined;
  const kill = () => {
    abort.abort();
    // The whole group at once: Claude Code's commands go with it (the fence's namespace too).
    if (child?.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  options.signal.addEventListener('abort', kill, { once: true });
  const mapper = new ClaudeEvents(options);
  try {
    const messages = sdk.query({
      prompt: options.text,
      options: {
        cwd: options.projectRoot,
        env,
        abortController: abort,
        includePartialMessages: true,
        permissionMode: 'default',
        ...(options.threadId ? { resume: options.threadId } : {}),
        ...(model.model ? { model: model.model } : {}),
        ...(options.mcp
          ? {
              mcpServers: {
                shipyard: { type: 'stdio', command: options.mcp.command, args: options.mcp.args },
              },
            }
          : {}),
        canUseTool: async (name, input) => {
          const decision = await decide(name, input);
          return decision.allow
            ? { behavior: 'allow', updatedInput: input }
            : { behavior: 'deny', message: decision.reason };
        },
        spawnClaudeCodeProcess: (spawnOptions) => {
          const fence = options.fence?.argv ?? [];
          const [file, ...args] = [...fence, spawnOptions.command, ...spawnOptions.args];
          child = spawn(file!, args, {
            cwd: spawnOptions.cwd ?? options.projectRoot,
            env: spawnOptions.env,
            stdio: ['pipe', 'pipe', 'pipe'],
            detached: true,
          });
          child.stderr?.resume();
          return child as unknown as ReturnType<
            NonNullable<import('@anthropic-ai/claude-agent-sdk').Options['spawnClaudeCodeProcess']>
          >;
        },
      },
    });
    for await (const message of messages) mapper.handle(message);
  } catch (error) {
    if (options.signal.aborted) return { status: 'cancelled', finalText: mapper.finalText };
    return {
      status: 'failed',
      finalText: mapper.finalText,
      error: stripControls(errorMessage(error)).slice(0, 300),
    };
  } finally {
    options.signal.removeEventListener('abort', kill);
    kill();
  }
  if (options.signal.aborted) return { status: 'cancelled', finalText: mapper.finalText };
  if (mapper.failure) return { status: 'failed', finalText: mapper.finalText, error: mapper.failure };
  return { status: 'done', finalText: mapper.finalText };
}

interface Pending {
  name: string;
  summary: string;
  startedAt: number;
  file?: string;
}

class ClaudeEvents {
  finalText = '';
  failure?: string;
  private step = 0;
  private text = '';
  private readonly pending = new Map<string, Pending>();
  /** The main conversation's last request: its model and the tokens the context holds after it. */
  private last?: { model: string; prompt: number; output: number };

  constructor(private readonly options: EngineTurnOptions) {}

  private emit(event: AgentEvent): void {
    this.options.onEvent(event);
  }

  handle(message: Message): void {
    switch (message.type) {
      case 'system':
        if (message.subtype === 'init') this.options.onThread(message.session_id);
        break;
      case 'stream_event': {
        // Sub-agents (Task) stream too; the pane follows the main conversation.
        if (message.parent_tool_use_id) break;
        const event = message.event;
        if (event.type === 'message_start') {
          this.step++;
          this.text = '';
          this.last = requestTokens(event.message.model, event.message.usage);
          this.emit({ type: 'step', step: this.step });
        } else if (event.type === 'message_delta' && this.last && event.usage.output_tokens != null) {
          this.last.output = event.usage.output_tokens;
        } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          this.text += event.delta.text;
          this.emit({ type: 'text', delta: event.delta.text });
        } else if (event.type === 'content_block_delta' && event.delta.type === 'thinking_delta') {
          this.emit({ type: 'reasoning', delta: event.delta.thinking });
        }
        break;
      }
      case 'assistant':
        if (message.parent_tool_use_id) break;
        // Without partial messages the whole message's usage is the only count.
        if (this.step === 0) this.last = requestTokens(message.message.model, message.message.usage);
        for (const block of message.message.content) {
          if (block.type !== 'tool_use') continue;
          const input = (block.input ?? {}) as Record<string, unknown>;
          const summary = describe(block.name, input);
          const file = typeof input.file_path === 'string' ? input.file_path : undefined;
          this.pending.set(block.id, {
            name: block.name,
            summary,
            startedAt: Date.now(),
            ...(file ? { file } : {}),
          });
          this.emit({ type: 'tool-start', callId: block.id, name: block.name, summary });
        }
        if (this.text) this.finalText = this.text;
        break;
      case 'user': {
        const content = message.message.content;
        if (typeof content === 'string') break;
        for (const block of content) {
          if (block.type !== 'tool_result') continue;
          const call = this.pending.get(block.tool_use_id);
          if (!call) continue;
          this.pending.delete(block.tool_use_id);
          this.toolEnded(block.tool_use_id, call, block.is_error === true, resultText(block.content));
        }
        break;
      }
      case 'result': {
        const window = this.contextWindow(message.modelUsage);
        this.emit({
          type: 'usage',
          input: message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0),
          cached: message.usage.cache_read_input_tokens ?? 0,
          output: message.usage.output_tokens,
          ...(this.last && window
            ? { context: { tokens: this.last.prompt + this.last.output, window } }
            : {}),
        });
        if (message.subtype === 'success') {
          if (message.is_error) this.failure = stripControls(message.result).split('\n')[0]!.slice(0, 300);
          else this.finalText = message.result || this.finalText;
        } else this.failure = `claude: ${message.subtype.replaceAll('_', ' ')}`;
        break;
      }
      default:
        break;
    }
  }

  /** The window of the model that answered last, as Claude Code reports it, else the configured one. */
  private contextWindow(usage: Record<string, { contextWindow?: number }> | undefined): number | undefined {
    const models = Object.entries(usage ?? {});
    const own = models.find(([model]) => model === this.last?.model)?.[1].contextWindow;
    const widest = Math.max(0, ...models.map(([, model]) => model.contextWindow ?? 0));
    return own || widest || this.options.model.contextWindow;
  }

  private toolEnded(callId: string, call: Pending, isError: boolean, output: string): void {
    const endedAt = Date.now();
    if (call.name === 'Bash') this.options.onCommand(call.startedAt, endedAt);
    if (!isError && FILE_TOOLS.has(call.name) && call.file) {
      const rel = relative(this.options.projectRoot, call.file);
      if (rel) this.options.onFilesChanged([rel]);
    }
    this.emit({
      type: 'tool-end',
      callId,
      name: call.name,
      summary: `${call.summary}${isError ? ' → failed' : ''}`,
      isError,
      durationMs: endedAt - call.startedAt,
      ...outputPreview(stripControls(output)),
    });
  }
}

function describe(name: string, input: Record<string, unknown>): string {
  if (name === 'Bash' && typeof input.command === 'string') return `shell ${oneLine(input.command)}`;
  const target = input.file_path ?? input.path ?? input.pattern ?? input.url;
  return typeof target === 'string' ? `${name} ${oneLine(target)}` : name;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : ''))
    .join('');
}

interface RequestUsage {
  input_tokens: number;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** What one request of the main conversation leaves in the context: its whole prompt and its answer. */
function requestTokens(model: string, usage: RequestUsage) {
  const prompt =
    usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
  return { model, prompt, output: usage.output_tokens ?? 0 };
}
