// Turns agent events and intent changes into pane state (pure): what the pane shows while an agent works.
import { stripVTControlCharacters } from 'node:util';
import type { AgentEvent } from '../agent/events.js';
import { outputPreview } from '../agent/output-preview.js';
import type { ContextItem } from '../model/conversation.js';
import type { Intent } from '../model/intent.js';
import type { IntentCommit } from '../store/intent-commits.js';
import type { IntentView, PaneLine, PaneState } from './pane-state.js';
import { isShipyardNote, NOTE_PREFIX } from './shipyard-note.js';

/** Lines kept in memory per pane; the full conversation stays in the database (`shipyard log`). */
export const MAX_PANE_LINES = 2000;

/** Appends lines to a pane, keeping at most MAX_PANE_LINES. Every line a pane shows comes through here. */
export function appendLines(pane: PaneState, ...lines: PaneLine[]): PaneState {
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
      // The step's answer so far, even when a line (a steering note) was shown after it meanwhile.
      const at =
        pane.streamMark === undefined
          ? -1
          : pane.lines.findLastIndex((line, index) => index >= pane.streamMark! && line.kind === 'assistant');
      if (at >= 0) {
        const lines = pane.lines.slice();
        lines[at] = { kind: 'assistant', text: lines[at]!.text + clean(event.delta) };
        return { ...pane, lines, activity: { kind: 'thinking', since } };
      }
      return {
        ...appendLines(pane, { kind: 'assistant', text: clean(event.delta) }),
        activity: { kind: 'thinking', since },
      };
    }
    case 'reasoning':
      return pane;
    case 'tool-start':
      return { ...pane, activity: { kind: 'tool', since, summary: clean(event.summary) } };
    case 'tool-end': {
      const lines: PaneLine[] = [{ kind: event.isError ? 'error' : 'tool', text: clean(event.summary) }];
      if (event.preview?.trim()) {
        const output: PaneLine = { kind: 'output', text: clean(event.preview) };
        if (event.output !== undefined) output.full = clean(event.output);
        lines.push(output);
      }
      return {
        ...appendLines(pane, ...lines),
        activity: { kind: 'thinking', since },
        // Text after a tool call starts a new assistant line.
        streamMark: pane.lines.length + lines.length,
      };
    }
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
      else if (isShipyardNote(text))
        lines.push({ kind: 'info', text: clean(text.slice(NOTE_PREFIX.length).split('\n')[0]!) });
      else if (item.role === 'user') lines.push({ kind: 'user', text: clean(intentTextOf(text)) });
    } else if (item.type === 'function_call') {
      lines.push({ kind: 'tool', text: `${item.name} ${summariseArguments(item.arguments)}`.trim() });
    } else if (item.type === 'function_call_output' && item.output.trim()) {
      lines.push({ kind: 'output', text: clean(outputPreview(item.output)) });
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

/** A pane after one of its intents changed state (from the runner). */
export function applyIntentState(
  pane: PaneState,
  intentId: number,
  state: string,
  error: string | null,
  now = Date.now(),
): PaneState {
  switch (state) {
    case 'done':
      return { ...pane, activity: { kind: 'done', at: now }, streamMark: undefined };
    case 'failed': {
      const message = error ?? 'failed';
      return {
        ...appendLines(pane, { kind: 'error', text: message }),
        activity: { kind: 'failed', at: now, message },
        streamMark: undefined,
      };
    }
    case 'cancelled':
      return {
        ...appendLines(pane, { kind: 'info', text: 'cancelled' }),
        activity: { kind: 'idle' },
        streamMark: undefined,
      };
    case 'interrupted':
      return {
        ...appendLines(pane, {
          kind: 'error',
          text: `intent #${intentId} was interrupted (the app stopped); zoom and press r to retry`,
        }),
        activity: { kind: 'interrupted', at: now, id: intentId },
      };
    default:
      return pane;
  }
}

/** Each project's intents as the zoomed pane lists them: the latest finished ones, then the open queue. */
export function queueViews(
  intents: readonly Intent[],
  recentFinished: number,
  changes: ReadonlyMap<number, IntentCommit> = new Map(),
): Map<string, { intents: IntentView[]; queueLength: number }> {
  const byProject = new Map<string, IntentView[]>();
  for (const intent of intents) {
    const views = byProject.get(intent.projectPath) ?? [];
    const change = changes.get(intent.id);
    views.push({
      id: intent.id,
      text: intent.text,
      state: intent.state,
      createdAt: intent.createdAt,
      finishedAt: intent.finishedAt,
      error: intent.error,
      ...(change
        ? {
            change: {
              files: change.files.length,
              added: change.added,
              removed: change.removed,
              undone: change.undoneAt !== null,
            },
          }
        : {}),
    });
    byProject.set(intent.projectPath, views);
  }
  const result = new Map<string, { intents: IntentView[]; queueLength: number }>();
  for (const [projectPath, views] of byProject) {
    const open = views.filter((view) => view.state === 'queued' || view.state === 'running');
    const finished = views.filter((view) => view.state !== 'queued' && view.state !== 'running');
    result.set(projectPath, {
      intents: [...finished.slice(-recentFinished), ...open],
      queueLength: views.filter((view) => view.state === 'queued').length,
    });
  }
  return result;
}

/** The pane after one more compaction of its context (the header says `compacted`). */
export function countCompaction(pane: PaneState): PaneState {
  return pane.context
    ? { ...pane, context: { ...pane.context, compactions: pane.context.compactions + 1 } }
    : pane;
}
