// The one reducer of a pane (pure): feed events (an intent's start, its agent's events, info lines,
// its end) into what the pane shows. The live pane, other processes' work and the pane restored after
// a restart all come through `applyFeedEvent`, so they show the same lines.
import { stripVTControlCharacters } from 'node:util';
import type { AgentEvent, FeedEvent } from '../model/feed.js';
import type { Intent } from '../model/intent.js';
import type { IntentCommit } from '../store/intent-commits.js';
import type { IntentView, PaneLine, PaneState } from './pane-state.js';

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
      // An engine says how full its context is; Shipyard's own loop is estimated from its items.
      const context = event.context
        ? { context: { ...event.context, compactions: pane.context?.compactions ?? 0 } }
        : {};
      return {
        ...pane,
        ...context,
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
    case 'steer':
      // Drawn when the agent reads it (before its next request): after the tool result it followed.
      return appendLines(pane, { kind: 'user', text: `(steer) ${clean(event.text)}` });
    case 'approval':
      return {
        ...pane,
        activity: { kind: 'approval', since: now, summary: event.summary, detail: event.detail },
      };
    case 'approved':
      // Answered anywhere (this pane, another app, `shipyard approve`): the prompt closes everywhere.
      if (pane.activity.kind !== 'approval') return pane;
      // Approved, the step's tool runs now; refused, the agent thinks again.
      return {
        ...pane,
        activity:
          event.answer === 'no'
            ? { kind: 'thinking', since: now }
            : { kind: 'tool', since: now, summary: clean(pane.activity.summary) },
      };
  }
}

/** A pane after one more event of the feed; `at` is when it happened (a replay passes the saved time). */
export function applyFeedEvent(
  pane: PaneState,
  intentId: number,
  event: FeedEvent,
  at = Date.now(),
): PaneState {
  switch (event.type) {
    case 'start':
      return {
        ...appendLines(pane, { kind: 'user', text: event.text }),
        activity: { kind: 'thinking', since: at },
      };
    case 'info': {
      const shown = appendLines(pane, { kind: 'info', text: event.line });
      return event.kind === 'compaction' ? countCompaction(shown) : shown;
    }
    case 'end':
      return applyIntentState(pane, intentId, event.state, event.error ?? null, at);
    default:
      return applyAgentEvent(pane, event, at);
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
