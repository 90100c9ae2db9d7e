// Turns agent events and intent changes into pane state (pure): what the pane shows while an agent works.
import { stripVTControlCharacters } from 'node:util';
import type { AgentEvent } from '../agent/events.js';
import type { ContextItem } from '../agent/items.js';
import type { PaneLine, PaneState } from './types.js';

/** Lines kept in memory per pane; the full conversation stays in the database (`shipyard log`). */
export const MAX_PANE_LINES = 2000;

function push(pane: PaneState, ...lines: PaneLine[]): PaneState {
  const all = [...pane.lines, ...lines];
  const drop = Math.max(0, all.length - MAX_PANE_LINES);
  return {
    ...pane,
    lines: drop ? all.slice(drop) : all,
    ...(pane.streamMark !== undefined ? { streamMark: Math.max(0, pane.streamMark - drop) } : {}),
  };
}

const clean = (text: string) => stripVTControlCharacters(text).replace(/\r/g, '');

export function applyAgentEvent(pane: PaneState, event: AgentEvent, now = Date.now()): PaneState {
  const since = 'since' in pane.activity ? pane.activity.since : now;
  switch (event.type) {
    case 'step':
      return { ...pane, activity: { kind: 'thinking', since }, streamMark: pane.lines.length };
    case 'text': {
      const last = pane.lines.at(-1);
      const streaming =
        last?.kind === 'assistant' &&
        pane.streamMark !== undefined &&
        pane.lines.length - 1 >= pane.streamMark;
      if (streaming) {
        const lines = pane.lines.slice();
        lines[lines.length - 1] = { kind: 'assistant', text: last.text + clean(event.delta) };
        return { ...pane, lines, activity: { kind: 'thinking', since } };
      }
      return {
        ...push(pane, { kind: 'assistant', text: clean(event.delta) }),
        activity: { kind: 'thinking', since },
      };
    }
    case 'reasoning':
      return pane;
    case 'tool-start':
      return { ...pane, activity: { kind: 'tool', since, summary: clean(event.summary) } };
    case 'tool-end':
      return {
        ...push(pane, { kind: event.isError ? 'error' : 'tool', text: clean(event.summary) }),
        activity: { kind: 'thinking', since },
        // Text after a tool call starts a new assistant line.
        streamMark: pane.lines.length + 1,
      };
    case 'usage': {
      const tokens = pane.tokens ?? { input: 0, cached: 0, output: 0 };
      return {
        ...pane,
        tokens: {
          input: tokens.input + event.input,
          cached: tokens.cached + event.cached,
          output: tokens.output + event.output,
        },
      };
    }
    case 'retrying':
      return { ...pane, activity: { kind: 'retrying', since, message: clean(event.message) } };
    case 'discard': {
      if (pane.streamMark === undefined) return pane;
      return { ...pane, lines: pane.lines.slice(0, pane.streamMark) };
    }
  }
}

/** The task text a user typed, without the volatile context the intent message appends. */
export function intentTextOf(message: string): string {
  const cut = message.indexOf('\n\n<context>');
  const refs = message.indexOf('\n\n<reference');
  const end = [cut, refs].filter((index) => index >= 0).sort((a, b) => a - b)[0];
  return end === undefined ? message : message.slice(0, end);
}

/** Pane lines for stored context items (the tail shown after a restart). */
export function linesFromItems(items: readonly ContextItem[]): PaneLine[] {
  const lines: PaneLine[] = [];
  for (const item of items) {
    if (item.type === 'message') {
      const text = item.content;
      if (item.role === 'assistant') lines.push({ kind: 'assistant', text: clean(text) });
      else if (text.startsWith('[Summary of the earlier conversation]'))
        lines.push({ kind: 'info', text: 'context compacted: earlier turns summarised' });
      else if (item.role === 'user') lines.push({ kind: 'user', text: clean(intentTextOf(text)) });
    } else if (item.type === 'function_call') {
      lines.push({ kind: 'tool', text: `${item.name} ${summariseArguments(item.arguments)}`.trim() });
    }
  }
  return lines;
}

function summariseArguments(json: string): string {
  try {
    const args = JSON.parse(json) as Record<string, unknown>;
    const first = args.command ?? args.path ?? args.query ?? args.project ?? '';
    return typeof first === 'string' ? first.split('\n')[0]!.slice(0, 80) : '';
  } catch {
    return '';
  }
}
