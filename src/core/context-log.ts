// `shipyard log`: a project's whole context history — every context, every item, compactions
// included — as Markdown for reading or as JSON for tools. Pure: the caller reads the store.

import type { Intent } from '../model/intent.js';
import type { ContextHistory, StoredContextItem } from '../store/contexts.js';

export interface ContextLogInput {
  project: string;
  projectPath: string;
  history: readonly ContextHistory[];
  /** Intents by id, to head each intent's items with its text and state. */
  intents?: ReadonlyMap<number, Intent>;
}

export interface ContextLogJson {
  project: string;
  projectPath: string;
  contexts: {
    id: number;
    createdAt: string;
    endedAt: string | null;
    endReason: string | null;
    items: {
      id: number;
      kind: string;
      intentId: number | null;
      createdAt: string;
      tokens: number;
      /** Id of the summary that replaced this item; null while it is live. */
      compactedBy: number | null;
      /** The stored item, whole. */
      item: unknown;
    }[];
  }[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The history as JSON (items whole, nothing clipped). */
export function contextLogJson(input: ContextLogInput): ContextLogJson {
  return {
    project: input.project,
    projectPath: input.projectPath,
    contexts: input.history.map((context) => ({
      id: context.id,
      createdAt: iso(context.createdAt),
      endedAt: context.endedAt === null ? null : iso(context.endedAt),
      endReason: context.endReason,
      items: context.items.map((item) => ({
        id: item.id,
        kind: item.kind,
        intentId: item.intentId,
        createdAt: iso(item.createdAt),
        tokens: item.tokens,
        compactedBy: item.compactedBy,
        item: item.item,
      })),
    })),
  };
}

export interface MarkdownOptions {
  /** Lines of a tool result shown before it is clipped (default: all of them; `--brief`: 6). */
  resultLines?: number;
  /** Characters of one tool-call argument value shown (default 80). */
  argumentChars?: number;
}

/** The history as Markdown: contexts as sections, intents as subsections, tool output whole (or clipped). */
export function contextLogMarkdown(input: ContextLogInput, options: MarkdownOptions = {}): string {
  const out: string[] = [`# ${input.project} — context log`, '', `\`${input.projectPath}\``, ''];
  if (input.history.length === 0) out.push('_No context yet: no intent has run in this project._', '');
  input.history.forEach((context, index) => {
    out.push(`## Context ${index + 1} (#${context.id})`, '', contextLine(context), '');
    if (context.items.length === 0) out.push('_(empty)_', '');
    const replaced = new Map<number, number>();
    for (const item of context.items) {
      if (item.compactedBy !== null)
        replaced.set(item.compactedBy, (replaced.get(item.compactedBy) ?? 0) + 1);
    }
    let intentId: number | null | undefined;
    for (const item of context.items) {
      if (item.kind !== 'summary' && item.intentId !== null && item.intentId !== intentId) {
        out.push(intentHeading(item.intentId, input.intents?.get(item.intentId)), '');
      }
      if (item.kind !== 'summary') intentId = item.intentId;
      out.push(...renderItem(item, replaced.get(item.id) ?? 0, options), '');
    }
  });
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function contextLine(context: ContextHistory): string {
  const started = `started ${when(context.createdAt)}`;
  if (context.endedAt === null) return `${started}; current`;
  return `${started}; ended ${when(context.endedAt)} (${context.endReason ?? 'no reason given'})`;
}

function when(ms: number): string {
  return `${iso(ms).slice(0, 16).replace('T', ' ')} UTC`;
}

function intentHeading(id: number, intent: Intent | undefined): string {
  if (!intent) return `### Intent #${id}`;
  const first = intent.text.split('\n')[0]!;
  const text = first.length > 80 ? `${first.slice(0, 79)}…` : first;
  return `### Intent #${id} — ${intent.state} — ${text}`;
}

type LooseItem = {
  type?: string;
  role?: string;
  content?: unknown;
  name?: string;
  arguments?: string;
  call_id?: string;
  output?: unknown;
  summary?: { text?: string }[];
};

function renderItem(stored: StoredContextItem, replacedCount: number, options: MarkdownOptions): string[] {
  const item = (stored.item ?? {}) as LooseItem;
  const compacted = stored.compactedBy !== null ? ` _(compacted into summary #${stored.compactedBy})_` : '';
  if (stored.kind === 'summary') {
    const text = textOf(item.content).replace(/^\[Summary of the earlier conversation\]\n?/, '');
    const replaced = replacedCount ? ` — replaced ${replacedCount} earlier items` : '';
    return [`**Summary** (#${stored.id}${replaced})${compacted}`, '', quote(text)];
  }
  if (item.type === 'message') {
    const who =
      item.role === 'assistant' ? 'Assistant' : item.role === 'user' ? 'User' : capitalise(item.role);
    const label = stored.kind === 'note' ? 'Note' : who;
    return [`**${label}**${compacted}`, '', foldReferences(textOf(item.content).trim())];
  }
  if (item.type === 'function_call') {
    return [
      `**Tool call** \`${item.name}\` ${summariseArguments(item.arguments, options.argumentChars ?? 80)}${compacted}`,
    ];
  }
  if (item.type === 'function_call_output') {
    const output = typeof item.output === 'string' ? item.output : textOf(item.output);
    return [
      `**Tool result**${compacted}`,
      '',
      fenced(
        options.resultLines === undefined
          ? output.replace(/\n+$/, '')
          : clipLines(output, options.resultLines),
      ),
    ];
  }
  if (item.type === 'reasoning') {
    const summary = (item.summary ?? [])
      .map((part) => part.text ?? '')
      .join('\n')
      .trim();
    return [`**Thinking**${compacted}`, '', summary ? `_${oneLine(summary, 300)}_` : '_(hidden)_'];
  }
  return [
    `**${capitalise(stored.kind)}**${compacted}`,
    '',
    fenced(clipLines(JSON.stringify(stored.item, null, 2), 12)),
  ];
}

/** `key: value, key: value` with each value on one clipped line; the raw text when it is not JSON. */
export function summariseArguments(raw: string | undefined, maxValue = 80): string {
  let args: unknown;
  try {
    args = JSON.parse(raw ?? '');
  } catch {
    return `(${oneLine(raw ?? '', maxValue)})`;
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args))
    return `(${oneLine(JSON.stringify(args), maxValue)})`;
  const pairs = Object.entries(args as Record<string, unknown>).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `${key}: ${oneLine(text ?? '', maxValue)}`;
  });
  return `(${pairs.join(', ')})`;
}

/** The first `lines` lines, then how many were left out. */
export function clipLines(text: string, lines: number): string {
  const all = text.replace(/\n+$/, '').split('\n');
  if (all.length <= lines) return all.join('\n');
  const more = all.length - lines;
  return `${all.slice(0, lines).join('\n')}\n… (${more} more ${more === 1 ? 'line' : 'lines'})`;
}

function oneLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content == null ? '' : JSON.stringify(content);
  return content
    .map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : ''))
    .join('');
}

/** A code fence longer than any backtick run inside, so tool output cannot end it early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}

function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

function capitalise(text: string | undefined): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : 'Item';
}

/** An `@project` block attached to an intent, folded to one line: the JSON log keeps it whole. */
function foldReferences(text: string): string {
  return text.replace(
    /<reference project="([^"]*)">\n([\s\S]*?)\n<\/reference>/g,
    (_, name: string, body: string) => {
      const lines = body.split('\n').length;
      return `<reference project="${name}"> … ${lines} lines attached (see \`shipyard log --json\`) </reference>`;
    },
  );
}
