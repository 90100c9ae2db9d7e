// The `shipyard serve --stdio` protocol (docs/remote.md): one JSON object per line. The client asks
// (`{id, method, params}`), the server answers (`{id, result}` or `{id, error}`) and tells
// (`{method, params}`, no id). The first exchange is `hello`, which checks the protocol version and
// carries the state snapshot; after it, each change to a pane is one `pane` notification.
import type { AppState } from '../core/app-state.js';
import type { PaneAlert } from '../core/notify.js';
import type { PaneLine, PaneState } from '../core/pane-state.js';

/** Bumped on any change a client of the previous version would misread. */
export const PROTOCOL_VERSION = 1;

/** The longest line either side accepts: a pane snapshot with long tool outputs fits many times. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface Request {
  id: number;
  method: string;
  params?: Record<string, unknown>;
}

export interface Response {
  id: number;
  result?: unknown;
  error?: { message: string; code?: string };
}

export interface Notification {
  method: string;
  params: Record<string, unknown>;
}

export type Message = Request | Response | Notification;

/** What `hello` answers: who the server is and everything the grid shows, at `seq`. */
export interface Hello {
  protocol: number;
  version: string;
  host: string;
  root: string;
  pid: number;
  state: AppState;
  /** The number of the last `pane`/`notice` notification already folded into `state`. */
  seq: number;
}

/**
 * A pane's change: the fields that are new (null: gone), and its lines as a splice of the last lines
 * sent: `old.slice(drop, drop + keep)` then `add`, whose first entry may extend the line after the kept
 * run (a streamed answer grows by its delta, not by its whole text again).
 */
export interface PaneChange {
  path: string;
  fields?: Record<string, unknown>;
  lines?: { drop: number; keep: number; add: WireLine[] };
}

export type WireLine = PaneLine | { append: string };

/** An `alert` notification's alert, checked: what the server sent is read, never trusted blindly. */
export function wireAlert(value: unknown): PaneAlert | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { project, projectPath, newState, intent, summary } = value as Record<string, unknown>;
  if (typeof project !== 'string' || typeof projectPath !== 'string' || typeof newState !== 'string')
    return undefined;
  const { id, text } = (intent ?? {}) as Record<string, unknown>;
  return {
    project,
    projectPath,
    newState,
    ...(typeof id === 'number' && typeof text === 'string' ? { intent: { id, text } } : {}),
    ...(typeof summary === 'string' ? { summary } : {}),
  };
}

/** Thrown or answered when a message cannot be read; the connection ends with it. */
export class ProtocolError extends Error {}

export function encode(message: Message): string {
  return `${JSON.stringify(message)}\n`;
}

export function decode(line: string): Message {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ProtocolError(`not a JSON line: ${line.slice(0, 80)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ProtocolError('a message is a JSON object');
  const message = value as Record<string, unknown>;
  if ('id' in message && typeof message.id !== 'number') throw new ProtocolError('an id is a number');
  if (!('id' in message) && typeof message.method !== 'string')
    throw new ProtocolError('a notification names its method');
  return message as unknown as Message;
}

/** Splits a byte stream into lines; a line longer than MAX_LINE_BYTES is an error, not a hang. */
export function lineReader(onLine: (line: string) => void, onError: (error: Error) => void) {
  let buffered = '';
  let failed = false;
  return (chunk: Buffer | string): void => {
    if (failed) return;
    buffered += chunk.toString();
    let at = buffered.indexOf('\n');
    while (at >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      if (line.trim()) onLine(line);
      at = buffered.indexOf('\n');
    }
    if (buffered.length > MAX_LINE_BYTES) {
      failed = true;
      onError(new ProtocolError(`a line longer than ${MAX_LINE_BYTES} bytes`));
    }
  };
}

/** The change from `before` to `after` of one pane, or undefined when nothing changed. */
export function paneChange(before: PaneState | undefined, after: PaneState): PaneChange | undefined {
  const fields: Record<string, unknown> = {};
  let any = false;
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    if (key === 'lines') continue;
    const a = (before as unknown as Record<string, unknown> | undefined)?.[key];
    const b = (after as unknown as Record<string, unknown>)[key];
    if (a === b) continue;
    fields[key] = b === undefined ? null : b;
    any = true;
  }
  const lines = before?.lines === after.lines ? undefined : linesChange(before?.lines ?? [], after.lines);
  if (!any && !lines) return undefined;
  return {
    path: after.project.path,
    ...(any ? { fields } : {}),
    ...(lines ? { lines } : {}),
  };
}

/** Reducers keep unchanged lines as the same objects, so identity finds the kept run. */
function linesChange(old: readonly PaneLine[], next: readonly PaneLine[]): PaneChange['lines'] {
  const found = next.length === 0 ? old.length : old.indexOf(next[0]!);
  // The first line itself changed (a streamed answer in a pane of one line): guess none were dropped;
  // the text check below keeps the result right whatever the guess.
  const drop = found >= 0 ? found : Math.max(0, old.length - next.length);
  let keep = 0;
  while (keep < next.length && drop + keep < old.length && old[drop + keep] === next[keep]) keep++;
  const add: WireLine[] = next.slice(keep);
  const grown = old[drop + keep];
  const first = next[keep];
  if (
    grown &&
    first &&
    first.kind === grown.kind &&
    first.full === undefined &&
    grown.full === undefined &&
    first.text.startsWith(grown.text)
  )
    add[0] = { append: first.text.slice(grown.text.length) };
  return { drop, keep, add };
}

/** Applies a `PaneChange` to the pane it was computed against. */
export function applyPaneChange(pane: PaneState, change: PaneChange): PaneState {
  const next = { ...pane } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(change.fields ?? {})) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  if (change.lines) {
    const { drop, keep, add } = change.lines;
    const kept = pane.lines.slice(drop, drop + keep);
    const added = add.map((line, index) => {
      if (!('append' in line)) return line;
      const grown = index === 0 ? pane.lines[drop + keep] : undefined;
      if (!grown) throw new ProtocolError('an appended line without the line it extends');
      return { ...grown, text: grown.text + line.append };
    });
    next.lines = [...kept, ...added];
  }
  return next as unknown as PaneState;
}
