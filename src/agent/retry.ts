// Which model-endpoint failures are worth retrying, how long to wait, and the one-line message for
// the ones that are not.
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { ModelError } from '../errors.js';
import type { ModelConfig } from './provider.js';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** A stream that ended or stalled before its completion event. */
export class StreamBrokeError extends Error {
  override name = 'StreamBrokeError';
  constructor(
    message: string,
    /** True when text or items had already arrived (they are discarded: the step is retried whole). */
    readonly partial: boolean,
  ) {
    super(message);
  }
}

export type Classified =
  | { kind: 'retry'; message: string; retryAfterMs?: number }
  | { kind: 'fatal'; error: ModelError }
  | { kind: 'abort' };

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : error.message;
  return text.split('\n')[0]!.trim();
}

export function classifyError(error: unknown, config: ModelConfig, signal?: AbortSignal): Classified {
  if (signal?.aborted || error instanceof APIUserAbortError) return { kind: 'abort' };
  if (error instanceof ModelError) return { kind: 'fatal', error };
  if (error instanceof StreamBrokeError) return { kind: 'retry', message: error.message };
  if (error instanceof APIConnectionError) {
    return { kind: 'retry', message: `cannot reach ${config.baseURL}: ${firstLine(rootCause(error))}` };
  }
  if (error instanceof APIError) {
    const status = error.status;
    // No status: an `error` event inside the stream (e.g. server_error); worth another try.
    if (status === undefined) return { kind: 'retry', message: `stream error: ${serverMessage(error)}` };
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(error.headers);
      return {
        kind: 'retry',
        message: `${status === 429 ? 'rate limited' : 'model endpoint error'} (${status}): ${serverMessage(error)}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    }
    return { kind: 'fatal', error: new ModelError(fatalMessage(status, serverMessage(error), config)) };
  }
  // Anything else thrown while reading the body: the connection reset, malformed SSE, a socket error.
  return { kind: 'retry', message: `connection to the model broke: ${firstLine(rootCause(error))}` };
}

function fatalMessage(status: number, message: string, config: ModelConfig): string {
  switch (status) {
    case 401:
      return `model endpoint refused the API key (401) — check ${config.apiKeyEnv}`;
    case 403:
      return `model endpoint denied access (403) to model "${config.model}" — check the key's permissions: ${message}`;
    case 404: {
      const hint =
        config.api === 'responses' ? ' (or set SHIPYARD_API=chat if the server has no Responses API)' : '';
      return `model "${config.model}" or its API not found at ${config.baseURL} (404) — check SHIPYARD_MODEL and OPENAI_BASE_URL${hint}`;
    }
    default:
      return `model endpoint rejected the request (${status}): ${message}`;
  }
}

/** `retry-after-ms`, or `retry-after` in seconds or as an HTTP date; undefined when absent or bad. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Exponential backoff with ±20 % jitter, or the server's retry-after; both capped. */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  return Math.round(Math.min(exponential * (0.8 + 0.4 * random()), policy.maxDelayMs));
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The innermost cause: `fetch failed` says less than `connect ECONNREFUSED 127.0.0.1:11434`. */
function rootCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) {
    current = current.cause;
  }
  return current;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
