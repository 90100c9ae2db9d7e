// The intent input's state beyond the text: what Enter does (queue, fan out, edit a queued intent),
// the history walk, `@name` completion, and the confirmation of the last submit. Pure functions.
import type { PaneState } from '../core/pane-state.js';
import type { LineState } from './line-editor.js';

export type InputMode =
  | { kind: 'queue' }
  /** Queue the same intent into each of these projects. */
  | { kind: 'fanout'; projects: string[] }
  /** Enter saves the text of this queued intent. */
  | { kind: 'edit'; id: number };

export interface IntentInputState extends LineState {
  /** The pane the input shows in. */
  project: string;
  mode: InputMode;
  /** One message shown above the text (e.g. "nothing running: Enter queues it"). */
  note?: string;
  /** Index into the history while walking it; -1 is the draft. */
  historyIndex: number;
  /** What was typed before walking into the history. */
  draft?: LineState;
  /** The last submit: its confirmation is derived from the panes' state. */
  sent?: { projects: string[]; text: string; afterId: number };
  /** Where the last `@` completion put a candidate (so a repeated Tab cycles). */
  completion?: { start: number; candidates: string[]; index: number };
}

export function openInput(project: string, mode: InputMode = { kind: 'queue' }, text = ''): IntentInputState {
  return { project, mode, text, cursor: text.length, historyIndex: -1 };
}

/** Apply an edit of the text: leaving the history walk, the completion and any stale note behind. */
export function withText(state: IntentInputState, next: LineState): IntentInputState {
  if (next.text === state.text && next.cursor === state.cursor) return state;
  const changed = next.text !== state.text;
  return {
    ...state,
    ...next,
    note: changed ? undefined : state.note,
    sent: changed ? undefined : state.sent,
    completion: undefined,
    historyIndex: changed ? -1 : state.historyIndex,
  };
}

/**
 * Walk the history (most recent first): `older` from the draft goes to history[0]; `newer` past the
 * newest returns to the draft. Undefined when there is nowhere to go.
 */
export function walkHistory(
  state: IntentInputState,
  history: readonly string[],
  direction: 'older' | 'newer',
): IntentInputState | undefined {
  const index = state.historyIndex + (direction === 'older' ? 1 : -1);
  if (index < -1 || index >= history.length) return undefined;
  const draft = state.historyIndex === -1 ? { text: state.text, cursor: state.cursor } : state.draft;
  const line =
    index === -1
      ? (draft ?? { text: '', cursor: 0 })
      : { text: history[index]!, cursor: history[index]!.length };
  return { ...state, ...line, historyIndex: index, draft, note: undefined, completion: undefined };
}

/** Put a submitted text at the front of the history (once: a repeat moves to the front). */
export function remember(history: readonly string[], text: string, limit = 100): string[] {
  return [text, ...history.filter((h) => h !== text)].slice(0, limit);
}

const MAX_NAME = 200;

/** The `@partial` the cursor stands right after, if any. */
export function referenceAt(state: LineState): { start: number; partial: string } | undefined {
  // Walks back from the cursor over a name's length at most: a key in a long paste reads little.
  const { text, cursor } = state;
  let start = cursor;
  while (start > 0 && /[\w.-]/.test(text[start - 1]!)) {
    if (cursor - start >= MAX_NAME) return undefined;
    start--;
  }
  if (text[start - 1] !== '@' || (start > 1 && !/\s/u.test(text[start - 2]!))) return undefined;
  return { start, partial: text.slice(start, cursor) };
}

export function referenceCandidates(partial: string, names: readonly string[]): string[] {
  const lower = partial.toLowerCase();
  return names.filter((name) => name.toLowerCase().startsWith(lower));
}

/**
 * Tab after `@partial`: put the first matching project name in; a repeated Tab cycles through the
 * others. A single match also gets a space after it, so typing goes on. Undefined when the cursor
 * is not after an `@` (Tab steers then).
 */
export function completeReference(
  state: IntentInputState,
  names: readonly string[],
): IntentInputState | undefined {
  const at = referenceAt(state);
  if (!at) return undefined;
  const previous = state.completion;
  let candidates: string[];
  let index: number;
  if (previous && previous.start === at.start && at.partial === previous.candidates[previous.index]) {
    candidates = previous.candidates;
    index = (previous.index + 1) % candidates.length;
  } else {
    candidates = referenceCandidates(at.partial, names);
    index = 0;
  }
  if (candidates.length === 0) return { ...state, note: `no project matches @${at.partial}` };
  const name = candidates[index]!;
  const rest = state.text.slice(state.cursor);
  const unique = candidates.length === 1;
  const suffix = unique && !rest.startsWith(' ') ? ' ' : '';
  const text = state.text.slice(0, at.start) + name + suffix + rest;
  const cursor = at.start + name.length + (unique ? 1 : 0);
  return {
    ...state,
    text,
    cursor: Math.min(cursor, text.length),
    note: undefined,
    historyIndex: -1,
    completion: unique ? undefined : { start: at.start, candidates, index },
  };
}

/** The highest intent id any pane shows: a submit records it so its new intent can be found later. */
export function lastIntentId(panes: readonly PaneState[]): number {
  let max = 0;
  for (const pane of panes) for (const intent of pane.intents ?? []) max = Math.max(max, intent.id);
  return max;
}

/** `queued #12 (2 waiting)`, from the state core wrote after the submit; `queued` until it shows. */
export function sentNote(sent: IntentInputState['sent'], panes: readonly PaneState[]): string | undefined {
  if (!sent) return undefined;
  const parts = sent.projects.map((name) => {
    const pane = panes.find((p) => p.project.name === name);
    const intent = pane?.intents?.findLast((i) => i.id > sent.afterId && i.text === sent.text);
    const waiting = pane ? pane.queueLength : 0;
    const where = sent.projects.length > 1 ? ` in ${name}` : '';
    if (!intent) return `queued${where}`;
    return intent.state === 'queued'
      ? `queued #${intent.id}${where} (${waiting} waiting)`
      : `queued #${intent.id}${where} → ${intent.state}`;
  });
  return parts.join(' · ');
}
