// Keeps a living context inside the model's window: the older turns are replaced by ONE summary the
// model writes, the recent turns stay verbatim. The summary is asked for with a plain transcript, not
// the raw items, so it works on every server (no tool definitions, no reasoning blobs to replay).
import type OpenAI from 'openai';
import { ModelError } from '../errors.js';
import type { ContextEntry, ContextItem } from '../model/conversation.js';
import type { ModelConfig } from './provider.js';
import { classifyError, defaultRetryPolicy, type RetryPolicy, retryDelayMs, sleep } from './retry.js';
import { capToolOutput } from './truncate.js';

export const SUMMARY_HEADER = '[Summary of the earlier conversation]';

/** Share of the window kept verbatim after a compaction (the rest is what the summary replaces). */
export const KEEP_RECENT_SHARE = 0.25;

export const summaryInstructions = `You compact the conversation of a coding agent that works in one git repository. The agent will continue from your summary alone: the older messages are deleted.

Write a dense, factual summary in plain text (short headed sections or bullet lists), covering:
- every task (intent) the user gave, in order, and whether it was finished, failed or is still open;
- decisions taken and the user's stated preferences or constraints;
- files created, changed or deleted, and why;
- commands run that matter (build, tests, linters) and their results; errors still unresolved;
- facts learned about the project: layout, conventions, how to build and test it.

Use exact names (files, functions, commands). Do not invent anything that is not in the transcript. Do not address the user; do not add a preamble.`;

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
  signal?: AbortSignal;
  /** Tokens of recent turns kept verbatim; default a quarter of the window. */
  keepRecentTokens?: number;
  /** Retries of transient failures (429, 5xx, connection); default 3 attempts in all. */
  retry?: Partial<RetryPolicy>;
  /**
   * Mid-turn: the running intent itself outgrew the window, so its earlier steps may be summarised
   * too (its latest steps stay verbatim). Between intents the last intent is always kept whole.
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
 * no function call before it still waiting for its output, so a call and its output are never split
 * and reasoning stays with the step it belongs to. The last intent is always kept whole; before it,
 * the earliest boundary whose tail fits in `keepTokens`.
 */
export function keepBoundary(
  items: readonly ContextEntry[],
  keepTokens: number,
  options: { insideLastIntent?: boolean } = {},
): number {
  const lastIntent = items.findLast((item) => item.intentId !== null)?.intentId ?? null;
  let limit = items.length;
  if (options.insideLastIntent) limit = items.length - 1;
  else if (lastIntent !== null) limit = items.findIndex((item) => item.intentId === lastIntent);
  else {
    const lastUser = items.findLastIndex((item) => isUserMessage(item.item));
    if (lastUser >= 0) limit = lastUser;
  }
  const boundaries: number[] = [];
  const open = new Set<string>();
  for (let i = 0; i <= limit && i < items.length; i++) {
    const item = items[i]!.item as Partial<ContextItem>;
    // Mid-turn, a step may start the kept part too (never a tool output: its call would be gone).
    const stepStart = options.insideLastIntent && item.type !== 'function_call_output';
    if (i > 0 && open.size === 0 && (isUserMessage(item) || stepStart)) boundaries.push(i);
    if (item.type === 'function_call' && item.call_id) open.add(item.call_id);
    if (item.type === 'function_call_output' && item.call_id) open.delete(item.call_id);
  }
  if (boundaries.length === 0) return 0;
  const tail = new Array<number>(items.length + 1).fill(0);
  for (let i = items.length - 1; i >= 0; i--) tail[i] = tail[i + 1]! + items[i]!.tokens;
  return boundaries.find((b) => tail[b]! <= keepTokens) ?? boundaries.at(-1)!;
}

function isUserMessage(item: unknown): boolean {
  const message = item as Partial<ContextItem> | null;
  return message?.type === 'message' && message.role === 'user';
}

/** The items as a plain transcript for the summariser; long tool output is cut in the middle. */
export function transcript(items: readonly unknown[], maxOutputBytes = 4000): string {
  const parts: string[] = [];
  for (const raw of items) {
    const item = raw as Partial<ContextItem> & { content?: unknown; summary?: unknown };
    if (item.type === 'message') {
      const text = contentText(item.content);
      parts.push(`[${item.role === 'assistant' ? 'assistant' : item.role}]\n${text}`);
    } else if (item.type === 'function_call') {
      parts.push(`[tool call ${item.name} ${item.call_id}]\n${item.arguments}`);
    } else if (item.type === 'function_call_output') {
      const output = typeof item.output === 'string' ? item.output : contentText(item.output);
      parts.push(`[tool result ${item.call_id}]\n${capToolOutput(output, maxOutputBytes)}`);
    } else if (item.type === 'reasoning') {
      const summary = Array.isArray(item.summary)
        ? (item.summary as { text?: string }[]).map((part) => part.text ?? '').join('\n')
        : '';
      if (summary.trim()) parts.push(`[assistant thinking]\n${summary}`);
    } else {
      parts.push(`[other]\n${JSON.stringify(raw)}`);
    }
  }
  return parts.join('\n\n');
}

/** Text of a message content: a string, or an array of text parts. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((part: { text?: unknown; refusal?: unknown }) =>
      typeof part?.text === 'string' ? part.text : typeof part?.refusal === 'string' ? part.refusal : '',
    )
    .join('');
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
  const summary = await summarise(
    options,
    old.map((item) => item.item),
  );
  const summaryItem: ContextItem = {
    type: 'message',
    role: 'user',
    content: `${SUMMARY_HEADER}\n${summary}`,
  };
  const summaryId = options.contexts.compact(options.projectPath, summaryItem, items[boundary]!.id, {
    kind: 'summary',
  });
  return {
    beforeTokens,
    afterTokens: options.contexts.tokenEstimate(options.projectPath),
    summaryId,
    compactedItems: old.length,
  };
}

/** One non-streaming request for the summary, retried on transient failures; throws a ModelError. */
async function summarise(options: CompactOptions, items: unknown[]): Promise<string> {
  const { config, client, signal } = options;
  const policy = { ...defaultRetryPolicy, maxAttempts: 3, ...options.retry };
  const request = `Here is the conversation so far:\n\n<transcript>\n${transcript(items)}\n</transcript>\n\nWrite the summary now.`;
  for (let attempt = 1; ; attempt++) {
    let failure: unknown;
    try {
      const text =
        config.api === 'chat'
          ? await viaChat(client, config, request, signal)
          : await viaResponses(client, config, request, signal);
      if (!text.trim())
        throw new ModelError('compaction failed: the model returned no summary; the context is unchanged');
      return text.trim();
    } catch (error) {
      failure = error;
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

async function viaResponses(client: OpenAI, config: ModelConfig, request: string, signal?: AbortSignal) {
  const response = await client.responses.create(
    {
      model: config.model,
      store: false,
      ...(config.reasoningEffort ? { reasoning: { effort: config.reasoningEffort } } : {}),
      instructions: summaryInstructions,
      input: [{ type: 'message', role: 'user', content: request }],
    },
    { signal },
  );
  let text = '';
  for (const item of response.output ?? []) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type === 'refusal') throw refused(part.refusal);
      if (part.type === 'output_text') text += part.text;
    }
  }
  return text;
}

async function viaChat(client: OpenAI, config: ModelConfig, request: string, signal?: AbortSignal) {
  const completion = await client.chat.completions.create(
    {
      model: config.model,
      ...(config.reasoningEffort ? { reasoning_effort: config.reasoningEffort } : {}),
      messages: [
        { role: 'system', content: summaryInstructions },
        { role: 'user', content: request },
      ],
    },
    { signal },
  );
  const message = completion.choices[0]?.message;
  if (message?.refusal) throw refused(message.refusal);
  return message?.content ?? '';
}

function refused(reason: string): ModelError {
  const line = reason.split('\n')[0]!.trim().slice(0, 200);
  return new ModelError(
    `compaction failed: the model refused to summarise (${line}); the context is unchanged`,
  );
}

function sum(items: readonly ContextEntry[]): number {
  return items.reduce((total, item) => total + item.tokens, 0);
}
