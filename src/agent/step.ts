// One model request of a turn, with retries: transient failures (429, 5xx, resets, broken or stalled
// streams) are retried with backoff and a visible event; a stream that broke after partial output is
// requested again from the same history and its partial output discarded.
import type OpenAI from 'openai';
import { ModelError } from '../errors.js';
import type { ContextItem } from '../model/conversation.js';
import type { AgentEvent, Usage } from './events.js';
import type { PromptPrefix } from './prompt.js';
import type { ModelConfig } from './provider.js';
import { classifyError, type RetryPolicy, retryDelayMs, StreamBrokeError, sleep } from './retry.js';
import { streamChatStep } from './stream-chat.js';
import { streamResponsesStep } from './stream-responses.js';

export interface StepRequest {
  config: ModelConfig;
  prefix: PromptPrefix;
  items: readonly ContextItem[];
  promptCacheKey?: string;
  onEvent: (event: AgentEvent) => void;
  watch: StreamWatch;
}

export interface StepOutput {
  /** The model's output items in order: reasoning, message, function calls. */
  items: ContextItem[];
  text: string;
  usage: Usage;
}

/** Thrown when the user cancelled; the loop turns it into `{status: 'cancelled'}`. */
export class TurnCancelled extends Error {
  override name = 'TurnCancelled';
}

/** Tracks one stream: aborts it when no data arrives for `idleMs`, and whether output had started. */
export class StreamWatch {
  partial = false;
  idled = false;
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    userSignal: AbortSignal | undefined,
    private readonly idleMs: number,
  ) {
    this.signal = userSignal ? AbortSignal.any([userSignal, this.controller.signal]) : this.controller.signal;
    this.alive();
  }

  /** Data arrived: restart the idle clock. */
  alive(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.idled = true;
      this.controller.abort();
    }, this.idleMs);
  }

  brokeError(): StreamBrokeError {
    return new StreamBrokeError(
      this.idled
        ? `no data from the model for ${Math.round(this.idleMs / 1000)}s`
        : 'the stream ended before the response was complete',
      this.partial,
    );
  }

  broke(): never {
    throw this.brokeError();
  }

  close(): void {
    clearTimeout(this.timer);
  }
}

export interface RequestStepOptions {
  client: OpenAI;
  config: ModelConfig;
  prefix: PromptPrefix;
  items: readonly ContextItem[];
  promptCacheKey?: string;
  step: number;
  signal?: AbortSignal;
  retry: RetryPolicy;
  idleTimeoutMs: number;
  onEvent: (event: AgentEvent) => void;
}

export async function requestStep(options: RequestStepOptions): Promise<StepOutput> {
  const { config, signal, retry, onEvent } = options;
  const stream = config.api === 'chat' ? streamChatStep : streamResponsesStep;
  for (let attempt = 1; ; attempt++) {
    const watch = new StreamWatch(signal, options.idleTimeoutMs);
    let failure: unknown;
    try {
      return await stream(options.client, {
        config,
        prefix: options.prefix,
        items: options.items,
        ...(options.promptCacheKey ? { promptCacheKey: options.promptCacheKey } : {}),
        onEvent,
        watch,
      });
    } catch (error) {
      failure = watch.idled && !signal?.aborted ? watch.brokeError() : error;
    } finally {
      watch.close();
    }
    const verdict = classifyError(failure, config, signal);
    if (verdict.kind === 'abort') throw new TurnCancelled();
    if (verdict.kind === 'fatal') throw verdict.error;
    if (watch.partial) onEvent({ type: 'discard', step: options.step });
    if (attempt >= retry.maxAttempts) {
      throw new ModelError(`model endpoint still failing after ${attempt} attempts: ${verdict.message}`);
    }
    const delayMs = retryDelayMs(attempt, retry, verdict.retryAfterMs);
    onEvent({
      type: 'retrying',
      attempt: attempt + 1,
      delayMs,
      message: `${verdict.message}; retrying in ${formatDelay(delayMs)} (attempt ${attempt + 1}/${retry.maxAttempts})`,
    });
    try {
      await sleep(delayMs, signal);
    } catch {
      throw new TurnCancelled();
    }
  }
}

export function formatDelay(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Math.round(ms / 100) / 10}s`;
}
