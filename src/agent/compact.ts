// Keeps a living context inside the model's window: the older turns are replaced by ONE summary the
// model writes, the recent turns stay verbatim. The summary is asked for inside the conversation
// itself — same instructions, tools, cache key and history, the request for a summary as one more
// message — so that request is served from the prompt cache up to its last message.
import type OpenAI from 'openai';
import { ModelError } from '../errors.js';
import type { ContextEntry, ContextItem } from '../model/conversation.js';
import { repairHistory, userMessage } from './items.js';
import { projectCacheKey } from './loop.js';
import type { PromptPrefix } from './prompt.js';
import type { ModelConfig } from './provider.js';
import { classifyError, defaultRetryPolicy, type RetryPolicy, retryDelayMs, sleep } from './retry.js';
import { StreamWatch } from './step.js';
import { streamChatStep } from './stream-chat.js';
import { streamResponsesStep } from './stream-responses.js';

export const SUMMARY_HEADER = '[Summary of the earlier conversation]';
/** How the request for a summary begins (the last message of that request). */
export const SUMMARY_REQUEST = '[Compaction]';
/** Before the running intent's own message when the summary covers its first steps. */
export const CURRENT_INTENT_HEADER = '[The current intent; the summary above covers its first steps]';

/** Share of the window kept verbatim after a compaction (the rest is what the summary replaces). */
export const KEEP_RECENT_SHARE = 0.15;

/** The last message of a summary request; `kept` says where the verbatim part starts. */
export function summaryRequest(kept: string): string {
  return `${SUMMARY_REQUEST} This conversation is being compacted: everything before ${kept} is deleted and replaced by the summary you write now, and the agent continues from that summary and what follows it. Do not call any tool; answer with the summary only.

Write a dense, factual summary in plain text (short headed sections or bullet lists), covering:
- every task (intent) the user gave, in order, and whether it was finished, failed or is still open;
- decisions taken and the user's stated preferences or constraints;
- files created, changed or deleted, and why;
- commands run that matter (build, tests, linters) and their results; errors still unresolved;
- facts learned about the project: layout, conventions, how to build and test it.

Use exact names (files, functions, commands). Do not invent anything that is not in the conversation. Do not address the user; do not add a preamble.`;
}

export interface CompactionConfig {
  contextWindow: number;
  compactThreshold: number;
}

/** What compaction needs of the context storage (`ContextStore` is one). */
export interface CompactableContexts {
  /** The live items of the project's current context, in order. */
  items(projectPath: string): ContextEntry[];
  /** Stores `summary` in place of every live item before `keepFromId`; returns the summary's id. */
  compact(
    projectPath: string,
    summary: unknown,
    keepFromId: number | null,
    options: { kind: string },
  ): number;
  tokenEstimate(projectPath: string): number;
}

export interface CompactOptions {
  contexts: CompactableContexts;
  projectPath: string;
  config: ModelConfig;
  client: OpenAI;
  /** The prefix the conversation's requests were sent with: the summary request uses it too. */
  prefix: PromptPrefix;
  /**
   * The conversation exactly as the last request sent it (the loop's items mid-turn); default the
   * stored live items, repaired. The summary request is this plus one message.
   */
  conversation?: readonly ContextItem[];
  /** Default the project's key, as the loop uses. */
  promptCacheKey?: string;
  signal?: AbortSignal;
  /** Tokens of recent turns kept verbatim; default a quarter of the window. */
  keepRecentTokens?: number;
  /** Retries of transient failures (429, 5xx, connection); default 3 attempts in all. */
  retry?: Partial<RetryPolicy>;
  /** A summary stream with no data for this long counts as broken (default 90 s). */
  idleTimeoutMs?: number;
  /**
   * Mid-turn: the running intent itself outgrew the window, so its earlier steps may be summarised
   * too (its message and latest steps stay verbatim). Between intents the last intent is always kept whole.
   */
  insideLastIntent?: boolean;
  /** Size to compare with the threshold; default the stored estimate (a server's reported input is better). */
  tokens?: number;
}

export interface CompactResult {
  beforeTokens: number;
  afterTokens: number;
  /** Id of the stored summary item. */
  summaryId: number;
  /** How many live items the summary replaced. */
  compactedItems: number;
}

/** True when a context of `tokens` is past the threshold share of the window. */
export function needsCompaction(tokens: number, config: CompactionConfig): boolean {
  return tokens > config.contextWindow * config.compactThreshold;
}

/**
 * Where the kept part of `items` starts (0: nothing to compact). A boundary is a user message with
 * no function call before it still waiting for its output, so a call and its output are never split,
 * reasoning stays with the step it belongs to, and no answer is kept without the question before it.
 * The last intent is always kept whole; before it, the earliest boundary whose tail fits in
 * `keepTokens`. Mid-turn, a step of the running intent may start the kept part too (its message then
 * goes into the summary item, see `compactItems`).
 */
export function keepBoundary(
  items: readonly ContextEntry[],
  keepTokens: number,
  options: { insideLastIntent?: boolean } = {},
): number {
  const lastStart = lastIntentStart(items);
  const limit = options.insideLastIntent ? items.length - 1 : lastStart;
  const boundaries: number[] = [];
  const open = new Set<string>();
  for (let i = 0; i <= limit && i < items.length; i++) {
    const item = items[i]!.item as Partial<ContextItem>;
    const previous = items[i - 1]?.item as Partial<ContextItem> | undefined;
    const stepStart =
      options.insideLastIntent &&
      i > lastStart &&
      previous?.type === 'function_call_output' &&
      item.type !== 'function_call_output';
    if (i > 0 && open.size === 0 && (isUserMessage(item) || stepStart)) boundaries.push(i);
    if (item.type === 'function_call' && item.call_id) open.add(item.call_id);
    if (item.type === 'function_call_output' && item.call_id) open.delete(item.call_id);
  }
  if (boundaries.length === 0) return 0;
  const tail = new Array<number>(items.length + 1).fill(0);
  for (let i = items.length - 1; i >= 0; i--) tail[i] = tail[i + 1]! + items[i]!.tokens;
  return boundaries.find((b) => tail[b]! <= keepTokens) ?? boundaries.at(-1)!;
}

/** Index of the last intent's first item (else of the last user message; else the end). */
function lastIntentStart(items: readonly ContextEntry[]): number {
  const lastIntent = items.findLast((item) => item.intentId !== null)?.intentId ?? null;
  const start =
    lastIntent !== null
      ? items.findIndex((item) => item.intentId === lastIntent)
      : items.findLastIndex((item) => isUserMessage(item.item));
  return start >= 0 ? start : items.length;
}

function isUserMessage(item: unknown): boolean {
  const message = item as Partial<ContextItem> | null;
  return message?.type === 'message' && message.role === 'user';
}

/** Compacts when the live context is past the threshold; undefined when it is not (or cannot be). */
export async function compactContext(options: CompactOptions): Promise<CompactResult | undefined> {
  const items = options.contexts.items(options.projectPath);
  const tokens = Math.max(sum(items), options.tokens ?? 0);
  if (!needsCompaction(tokens, options.config)) return undefined;
  const keep = options.keepRecentTokens ?? Math.floor(options.config.contextWindow * KEEP_RECENT_SHARE);
  return compactItems(
    options,
    items,
    keepBoundary(items, keep, { insideLastIntent: options.insideLastIntent }),
  );
}

/** Compacts everything before the last intent, whatever the size (`shipyard context compact`). */
export async function forceCompact(
  options: Omit<CompactOptions, 'keepRecentTokens'>,
): Promise<CompactResult | undefined> {
  const items = options.contexts.items(options.projectPath);
  return compactItems(options, items, keepBoundary(items, 0));
}

/** The line the pane or CLI shows after a compaction. */
export function compactionNote(result: CompactResult): string {
  const k = (n: number) => (n >= 10_000 ? `${Math.round(n / 1000)}k` : String(n));
  return `compacted the context: ${result.compactedItems} earlier items → 1 summary (${k(result.beforeTokens)} → ${k(result.afterTokens)} tokens)`;
}

async function compactItems(
  options: CompactOptions,
  items: ContextEntry[],
  boundary: number,
): Promise<CompactResult | undefined> {
  const old = items.slice(0, boundary);
  // A lone earlier summary says all it can already: summarising it again only loses detail.
  if (old.every((item) => item.kind === 'summary')) return undefined;
  const beforeTokens = sum(items);
  const first = items[boundary]!;
  // Cut inside the running intent: its message travels with the summary, so its steps keep their question.
  const start = lastIntentStart(items);
  const question = boundary > start ? (items[start]!.item as Partial<ContextItem>) : undefined;
  const kept =
    question?.type === 'message'
      ? `the last ${items.length - boundary} items of the current intent (its message is kept)`
      : `the message that begins "${firstLine(first.item)}"`;
  const summary = await summarise(options, summaryRequest(kept));
  const content = [`${SUMMARY_HEADER}\n${summary}`];
  if (question?.type === 'message') content.push(`${CURRENT_INTENT_HEADER}\n${question.content}`);
  const summaryItem: ContextItem = { type: 'message', role: 'user', content: content.join('\n\n') };
  const summaryId = options.contexts.compact(options.projectPath, summaryItem, first.id, {
    kind: 'summary',
    ...(question ? { intentId: first.intentId ?? undefined } : {}),
  });
  return {
    beforeTokens,
    afterTokens: options.contexts.tokenEstimate(options.projectPath),
    summaryId,
    compactedItems: old.length,
  };
}

function firstLine(item: unknown): string {
  const message = item as Partial<ContextItem>;
  const text = message?.type === 'message' ? String(message.content) : JSON.stringify(item);
  const line = text.split('\n')[0]!.trim();
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}

/**
 * One request for the summary — the conversation, then `request` — retried on transient failures;
 * throws a ModelError. Tool calls in the answer are ignored: only its text is the summary.
 */
async function summarise(options: CompactOptions, request: string): Promise<string> {
  const { config, client, signal } = options;
  const policy = { ...defaultRetryPolicy, maxAttempts: 3, ...options.retry };
  const conversation =
    options.conversation ??
    repairHistory(options.contexts.items(options.projectPath).map((entry) => entry.item as ContextItem));
  const items = [...conversation, userMessage(request)];
  const step = config.api === 'chat' ? streamChatStep : streamResponsesStep;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    const watch = new StreamWatch(signal, options.idleTimeoutMs ?? 90_000);
    try {
      const output = await step(client, {
        config,
        prefix: options.prefix,
        items,
        promptCacheKey: options.promptCacheKey ?? projectCacheKey(options.projectPath),
        onEvent: () => {},
        watch,
      });
      if (!output.text.trim())
        throw new ModelError('compaction failed: the model returned no summary; the context is unchanged');
      return output.text.trim();
    } catch (error) {
      failure = watch.idled && !signal?.aborted ? watch.brokeError() : error;
    } finally {
      watch.close();
    }
    const verdict = classifyError(failure, config, signal);
    if (verdict.kind === 'abort') throw new ModelError('compaction cancelled; the context is unchanged');
    if (verdict.kind === 'fatal') {
      const message = verdict.error.message;
      throw new ModelError(
        message.startsWith('compaction')
          ? message
          : `compaction failed: ${message}; the context is unchanged`,
      );
    }
    if (attempt >= policy.maxAttempts) {
      throw new ModelError(
        `compaction failed after ${attempt} attempts: ${verdict.message}; the context is unchanged`,
      );
    }
    try {
      await sleep(retryDelayMs(attempt, policy, verdict.retryAfterMs), signal);
    } catch {
      throw new ModelError('compaction cancelled; the context is unchanged');
    }
  }
}

function sum(items: readonly ContextEntry[]): number {
  return items.reduce((total, item) => total + item.tokens, 0);
}
