// The agent loop of one intent: ask the model, run the tools it calls, feed the results back, until
// it answers without calling a tool. Every new context item goes to `onItem` as soon as it is
// complete, so a crash loses at most the step in flight.
import { createHash } from 'node:crypto';
import type OpenAI from 'openai';
import { errorMessage } from '../errors.js';
import type { ContextItem, FunctionCallItem } from '../model/conversation.js';
import type { ApprovalPolicy } from '../model/policies.js';
import { createClient } from './client.js';
import type { AgentEvent, ApprovalAnswer, ApprovalRequest, TurnResult, Usage } from './events.js';
import { userMessage } from './items.js';
import { buildIntentMessage, type IntentMessageInput, type PromptPrefix } from './prompt.js';
import type { ModelConfig } from './provider.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import { type ApprovalGate, runToolCall } from './run-tool.js';
import { requestStep, TurnCancelled } from './step.js';
import { boundAnswer, boundItem, refusal } from './step-bounds.js';
import type { Tool, ToolContext } from './tool.js';

export interface RunTurnOptions {
  config: ModelConfig;
  /** Reuse one client per project; made from `config` when left out. */
  client?: OpenAI;
  /** From `buildPrefix` with the same tools as `tools`. */
  prefix: PromptPrefix;
  /** The context so far (already repaired with `repairHistory` after a crash). */
  history: readonly ContextItem[];
  /** A string is sent verbatim; an intent is rendered with `buildIntentMessage` (and `queueInfo`). */
  userMessage: string | IntentMessageInput;
  tools: readonly Tool[];
  /** The signal of the context is replaced by `signal` when given. */
  toolContext: Omit<ToolContext, 'signal'> & { signal?: AbortSignal };
  maxSteps: number;
  signal?: AbortSignal;
  onEvent?: (event: AgentEvent) => void;
  onItem?: (item: ContextItem) => void;
  approval?: ApprovalPolicy;
  approve?: (request: ApprovalRequest) => Promise<ApprovalAnswer>;
  /** Texts the user typed while the turn runs; injected as user messages before the next request. */
  steering?: () => string[];
  queueInfo?: { waiting: number };
  /** Defaults to a hash of the project root: one cache key per project. */
  promptCacheKey?: string;
  retry?: Partial<RetryPolicy>;
  /** A stream with no data for this long counts as broken and is retried (default 90 s). */
  idleTimeoutMs?: number;
  /**
   * Called after each step that called tools, with the input tokens of that request and the
   * conversation so far: returns a replacement history (and prefix) when the context was compacted
   * mid-turn (the turn goes on from it).
   */
  betweenSteps?: (info: {
    inputTokens: number;
    items: readonly ContextItem[];
  }) => Promise<{ history: readonly ContextItem[]; prefix?: PromptPrefix } | undefined>;
}

const cancelledOutput = 'error: the user cancelled the turn before this tool call ran to completion';

export function projectCacheKey(projectRoot: string): string {
  return `shipyard-${createHash('sha256').update(projectRoot).digest('hex').slice(0, 24)}`;
}

export async function runTurn(options: RunTurnOptions): Promise<TurnResult> {
  const onEvent = options.onEvent ?? (() => {});
  const signal = options.signal ?? options.toolContext.signal ?? new AbortController().signal;
  const client = options.client ?? createClient(options.config);
  const ctx: ToolContext = { ...options.toolContext, signal };
  const tools = new Map(options.tools.map((tool) => [tool.name, tool]));
  const gate: ApprovalGate = {
    policy: options.approval ?? 'auto',
    ...(options.approve ? { approve: options.approve } : {}),
    alwaysApproved: false,
  };
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const promptCacheKey = options.promptCacheKey ?? projectCacheKey(options.toolContext.projectRoot);

  const items: ContextItem[] = [...options.history];
  let prefix = options.prefix;
  const added: ContextItem[] = [];
  const add = (item: ContextItem) => {
    items.push(item);
    added.push(item);
    options.onItem?.(item);
  };
  const usage: Usage = { input: 0, cached: 0, output: 0 };
  let steps = 0;
  let finalText = '';
  const result = (status: TurnResult['status'], error?: string): TurnResult => ({
    status,
    finalText,
    ...(error !== undefined ? { error } : {}),
    usage,
    steps,
    items: added,
  });
  const drainSteering = () => {
    const texts = options.steering?.() ?? [];
    for (const text of texts) {
      if (!text.trim()) continue;
      add(userMessage(text));
      onEvent({ type: 'steer', text });
    }
    return texts.length > 0;
  };

  try {
    const text =
      typeof options.userMessage === 'string'
        ? options.userMessage
        : buildIntentMessage({
            ...options.userMessage,
            ...(options.queueInfo ? { queueWaiting: options.queueInfo.waiting } : {}),
          });
    add(userMessage(text));
    for (let step = 1; step <= options.maxSteps; step++) {
      drainSteering();
      if (signal.aborted) throw new TurnCancelled();
      onEvent({ type: 'step', step });
      const output = await requestStep({
        client,
        config: options.config,
        prefix,
        items,
        promptCacheKey,
        step,
        signal,
        retry,
        idleTimeoutMs: options.idleTimeoutMs ?? 90_000,
        onEvent,
      });
      steps++;
      usage.input += output.usage.input;
      usage.cached += output.usage.cached;
      usage.output += output.usage.output;
      onEvent({ type: 'usage', ...output.usage });
      for (const item of output.items) add(boundItem(item));
      if (output.text) finalText = boundAnswer(output.text);
      const calls = output.items.filter((item): item is FunctionCallItem => item.type === 'function_call');
      if (calls.length === 0) {
        // Words typed while the model was answering deserve an answer too.
        if (drainSteering()) continue;
        return result('done');
      }
      for (const [index, call] of calls.entries()) {
        if (signal.aborted) throw new TurnCancelled();
        add(refusal(call, index) ?? (await runToolCall(call, tools, ctx, gate, onEvent)));
      }
      const compacted = await options.betweenSteps?.({ inputTokens: output.usage.input, items });
      if (compacted) {
        items.splice(0, items.length, ...compacted.history);
        prefix = compacted.prefix ?? prefix;
      }
    }
    return result(
      'failed',
      `stopped after ${options.maxSteps} model requests without a final answer (maxSteps is ${options.maxSteps})`,
    );
  } catch (error) {
    if (error instanceof TurnCancelled || signal.aborted) {
      answerPendingCalls(added, add);
      return result('cancelled');
    }
    try {
      answerPendingCalls(added, add);
    } catch {
      // onItem itself failed (the store is gone): the error below says why.
    }
    return result('failed', errorMessage(error));
  }
}

/** Every call needs an output or the next request is rejected; the ones cut short get an error. */
function answerPendingCalls(added: readonly ContextItem[], add: (item: ContextItem) => void) {
  const answered = new Set(
    added.filter((item) => item.type === 'function_call_output').map((item) => item.call_id),
  );
  const pending = added.filter(
    (item): item is FunctionCallItem => item.type === 'function_call' && !answered.has(item.call_id),
  );
  for (const call of pending)
    add({ type: 'function_call_output', call_id: call.call_id, output: cancelledOutput });
}
