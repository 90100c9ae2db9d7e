// The zoomed pane's queue: one row per intent (`#id state age text`), the state coloured, a
// selection cursor, scrolled to keep the selection in view. Pure row building, thin drawing.
import { Box, Text } from 'ink';
import type { IntentView } from '../core/pane-state.js';
import type { IntentState } from '../model/intent.js';
import { visibleName } from '../sanitize.js';
import { relativeTime } from './relative-time.js';
import { padTo, textWidth, truncate } from './text.js';

export const STATE_COLOR: Record<IntentState, { color?: string; dim?: boolean }> = {
  queued: { color: 'blue' },
  running: { color: 'cyan' },
  done: { color: 'green' },
  failed: { color: 'red' },
  cancelled: { dim: true },
  interrupted: { color: 'yellow' },
};

export const RETRYABLE: readonly IntentState[] = ['failed', 'interrupted', 'cancelled'];

export interface QueueView {
  /** The selected intent's id (the first one when unset or gone). */
  selectedId?: number;
  /** The list has the keyboard (else the conversation does). */
  focused: boolean;
  /** Rows the list may take, its title included. */
  rows: number;
}

/** `3m`, `now`: the age column. */
function age(intent: IntentView, now: number): string {
  const at = intent.finishedAt ?? intent.createdAt;
  const label = relativeTime(at, now);
  return label === 'just now' ? 'now' : label.replace(/ ago$/, '');
}

/** The selected intent: the one with `selectedId`, else the first still to run, else the last. */
export function selectedIntent(intents: readonly IntentView[], selectedId?: number): IntentView | undefined {
  return (
    intents.find((i) => i.id === selectedId) ??
    intents.find((i) => i.state === 'queued' || i.state === 'running') ??
    intents.at(-1)
  );
}

/** Rows the list takes given the room: its title plus as many intents as fit. */
export function queueRows(intents: readonly IntentView[], room: number): number {
  return Math.max(0, Math.min(room, 1 + Math.max(1, intents.length)));
}

export interface QueueRow {
  intent: IntentView;
  selected: boolean;
  id: string;
  state: string;
  age: string;
  text: string;
  /** ` — why it failed`, drawn dim after the text. */
  error: string;
  /** `  2 files +20 −4` (` undone`): what it committed, drawn after the text. */
  change: string;
}

/** `  2 files +20 −4`, `  1 file +3 −0 undone`: the intent's change on its row. */
export function changeLabel(intent: IntentView): string {
  const change = intent.change;
  if (!change) return '';
  const files = `${change.files} ${change.files === 1 ? 'file' : 'files'}`;
  return `  ${files} +${change.added} −${change.removed}${change.undone ? ' undone' : ''}`;
}

/** The intent rows on screen (`count` of them), the selection kept in view. */
export function queueWindow(
  intents: readonly IntentView[],
  selectedId: number | undefined,
  count: number,
  width: number,
  now: number,
): QueueRow[] {
  if (count <= 0 || intents.length === 0) return [];
  const selected = selectedIntent(intents, selectedId);
  const at = selected ? Math.max(0, intents.indexOf(selected)) : 0;
  const first = Math.max(0, Math.min(intents.length - count, at - Math.floor(count / 2)));
  const idWidth = Math.max(...intents.map((i) => String(i.id).length)) + 1;
  return intents.slice(first, first + count).map((intent) => {
    const id = padTo(`#${intent.id}`, idWidth);
    const state = padTo(intent.state, 11);
    const ageText = padTo(age(intent, now), 4);
    // cursor, id, space, state, space, age, space
    const full = Math.max(1, width - 2 - idWidth - 1 - 11 - 1 - 4 - 1);
    // The change label gives way first on a narrow pane: the text matters more.
    const label = changeLabel(intent);
    const change = textWidth(label) <= full / 2 ? label : '';
    const room = Math.max(1, full - textWidth(change));
    const firstLine = visibleName(firstLineOf(intent.text));
    const more = intent.text.includes('\n') ? ' ⏎…' : '';
    const why = intent.error && intent.state !== 'done' ? ` — ${visibleName(firstLineOf(intent.error))}` : '';
    const text = truncate(firstLine + more, room);
    return {
      intent,
      selected: intent === selected,
      id,
      state,
      age: ageText,
      text,
      // Padded to the row's end so the selection bar spans the width.
      error: padTo(why, room - textWidth(text)),
      change,
    };
  });
}

/** The first line, no longer than a row could ever show: a 1 MB intent costs nothing per frame. */
function firstLineOf(text: string): string {
  const end = text.indexOf('\n');
  return text.slice(0, Math.min(end === -1 ? text.length : end, 4096));
}

export function QueueList(props: {
  intents: readonly IntentView[];
  view: QueueView;
  paused?: boolean;
  width: number;
  now: number;
}) {
  const { intents, view, paused, width, now } = props;
  const waiting = intents.filter((i) => i.state === 'queued').length;
  const title = `queue · ${waiting} waiting${paused ? ' · paused (p resumes)' : ''}`;
  const hint = view.focused
    ? 'K/J move · e edit · x remove · r retry · d diff · Tab conversation'
    : 'Tab selects';
  const gap = Math.max(1, width - textWidth(title) - textWidth(hint));
  const rows = queueWindow(intents, view.selectedId, view.rows - 1, width, now);
  return (
    <Box flexDirection="column" flexShrink={0} height={view.rows} overflow="hidden">
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate-end">
          <Text bold={view.focused} color={view.focused ? 'cyan' : undefined} dimColor={!view.focused}>
            {title}
          </Text>
          {textWidth(title) + textWidth(hint) < width ? <Text dimColor>{' '.repeat(gap) + hint}</Text> : null}
        </Text>
      </Box>
      {rows.length === 0 && view.rows > 1 ? (
        <Box flexShrink={0} height={1}>
          <Text dimColor>no intents yet · i types one</Text>
        </Box>
      ) : null}
      {rows.map((row) => {
        const style = STATE_COLOR[row.intent.state];
        const cursor = row.selected && view.focused;
        return (
          <Box key={row.intent.id} flexShrink={0} height={1}>
            <Text wrap="truncate-end" inverse={cursor}>
              <Text color="cyan">{row.selected ? '› ' : '  '}</Text>
              <Text dimColor>{row.id} </Text>
              <Text color={style.color} dimColor={style.dim}>
                {row.state}{' '}
              </Text>
              <Text dimColor>{row.age} </Text>
              {row.text}
              <Text dimColor>{row.error}</Text>
              <Text color={row.intent.change?.undone ? undefined : 'green'} dimColor>
                {row.change}
              </Text>
            </Text>
          </Box>
        );
      })}
    </Box>
  );
}
