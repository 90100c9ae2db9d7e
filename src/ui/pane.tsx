// One project's pane: a titled border, the git and agent header, the tail of the conversation that
// fits, and the intent input when open. Memoised and given only its own state, so a streaming pane
// does not re-render its neighbours.
import { Box } from 'ink';
import { createContext, memo, useContext, useMemo } from 'react';
import type { PaneState } from '../core/pane-state.js';
import { visibleName } from '../sanitize.js';
import { AgentLine, agentTextRows } from './agent-line.js';
import { ApprovalPrompt, approvalPromptRows } from './approval-prompt.js';
import { type InputDecor, IntentInput, type IntentInputState, intentInputRows } from './intent-input.js';
import { commitLabel, gitSegments, type Segment, staleGitSegments, titleInfo } from './pane-header.js';
import { type PaneRow, type RowMode, rowWindow } from './pane-lines.js';
import { QueueList, type QueueView, queueRows } from './queue-list.js';
import { type StyledRow, StyledRows } from './styled-rows.js';
import { textWidth, truncate } from './text.js';

export interface PaneProps {
  pane: PaneState;
  /** Position in the grid (0-based); panes 1–9 show their jump key. */
  index: number;
  focused: boolean;
  width: number;
  height: number;
  /** Clock for relative ages, ticking slowly. */
  now: number;
  input?: IntentInputState;
  /** What the input shows besides its text (note, candidates, target). */
  inputDecor?: InputDecor;
  /** Zoomed: rows scrolled up from the newest (0 follows the tail). */
  scroll?: number;
  /** Zoomed: tool outputs shown whole instead of their head (Ctrl+O). */
  wholeOutput?: boolean;
  /** Zoomed: the queue list above the conversation. */
  queue?: Omit<QueueView, 'rows'>;
  /** Part of the multi-selection (one intent into several panes). */
  selected?: boolean;
}

const MAX_AGENT_ROWS = 3;

/** How the pane's inner rows are shared: header, agent line, queue, conversation, approval, input. */
export function paneLayout(props: Omit<PaneProps, 'index' | 'focused' | 'now'>) {
  const { pane, width, height, input, inputDecor, queue, scroll } = props;
  const inner = Math.max(1, width - 4);
  const git = pane.gitError || !pane.git ? 1 : 2;
  let room = Math.max(0, height - 2 - git - (pane.watchNote ? 1 : 0));
  const agentMax = Math.max(1, Math.min(MAX_AGENT_ROWS, room - 1));
  const agent = Math.min(room, agentTextRowsCount(pane, inner, agentMax));
  room -= agent;
  const inputRows = Math.min(room, intentInputRows(input, inner, inputDecor));
  room -= inputRows;
  const approvalMax = scroll === undefined ? 4 : 10;
  const approval = Math.min(room, approvalPromptRows(pane.activity, inner, Math.min(approvalMax, room)));
  room -= approval;
  const queueRoom = queue ? queueRows(pane.intents ?? [], Math.max(2, Math.floor(room * 0.4))) : 0;
  const queueTaken = Math.min(room, queueRoom);
  room -= queueTaken;
  // A rule under the list says where the conversation starts (and whether it has the keys).
  const rule = queueTaken > 0 && room > 1 ? 1 : 0;
  room -= rule;
  return {
    inner,
    agentMax,
    agent,
    input: inputRows,
    approval,
    queue: queueTaken,
    rule,
    body: { width: inner, rows: room },
  };
}

function agentTextRowsCount(pane: PaneState, width: number, maxRows: number): number {
  return agentTextRows(pane.activity, 0, width, maxRows).length;
}

/** Size of the conversation area inside a pane of `width` × `height`. */
export function paneBody(props: Omit<PaneProps, 'index' | 'focused' | 'now'>) {
  return paneLayout(props).body;
}

const ROW_STYLE: Record<PaneRow['kind'], { color?: string; dim?: boolean; bold?: boolean }> = {
  user: { bold: true },
  assistant: {},
  tool: { dim: true },
  output: { dim: true },
  error: { color: 'red' },
  info: { dim: true },
};

/** The git rows (branch and counts, last commit) and the watcher's note, each cut to `inner`. */
function headerRows(
  pane: Pick<PaneState, 'git' | 'gitError' | 'stale' | 'watchNote'>,
  inner: number,
  now: number,
): StyledRow[] {
  const rows: StyledRow[] = [];
  if (pane.gitError) rows.push([{ text: truncate(visibleName(`✗ ${pane.gitError}`), inner), color: 'red' }]);
  else if (pane.git) {
    rows.push(pane.stale ? staleGitSegments(pane.git, inner) : gitSegments(pane.git, inner));
    rows.push([{ text: commitLabel(pane.git, now, inner), dim: true }]);
  } else rows.push([{ text: 'reading git…', dim: true }]);
  if (pane.watchNote) rows.push([{ text: truncate(visibleName(`⚠ ${pane.watchNote}`), inner), dim: true }]);
  return rows;
}

/** The conversation's rows, styled by kind; a hint when there is none yet and room for it. */
function bodyRows(rows: readonly PaneRow[], hint: boolean, inner: number): StyledRow[] {
  if (rows.length === 0 && hint)
    return [[{ text: truncate('no conversation yet · i types an intent', inner), dim: true }]];
  return rows.map((row) => [{ text: row.text, ...ROW_STYLE[row.kind] }]);
}

/** `╭─ 1 api ● ──────── queue 3 ─╮` (heavy when focused): the top border carries the name, so it costs no row. */
export function titleSegments(props: PaneProps, extra: string[]): Segment[] {
  const { pane, index, focused, width, selected } = props;
  const border = focused ? 'cyan' : 'gray';
  const number = `${selected ? '✓ ' : ''}${index < 9 ? `${index + 1} ` : ''}`;
  const mark = pane.attention ? ' ●' : '';
  // '╭─ ' + number + name + mark + ' ' + fill + right + '─╮'
  const fixed = 3 + textWidth(number) + textWidth(mark) + 1 + 2;
  const name = truncate(visibleName(pane.project.name), Math.max(1, width - fixed));
  const room = width - fixed - textWidth(name) - 1;
  let info = [...titleInfo(pane), ...extra];
  while (info.length > 0 && textWidth(` ${info.join(' · ')} `) > room) info = info.slice(0, -1);
  const right = info.length > 0 ? ` ${info.join(' · ')} ` : '';
  const fill = Math.max(0, width - fixed - textWidth(name) - textWidth(right));
  return [
    { text: focused ? '┏━ ' : '╭─ ', color: border },
    { text: number, dim: !selected, color: selected ? 'green' : undefined, bold: selected },
    { text: name, bold: true, color: focused ? 'cyan' : undefined },
    { text: mark, color: 'yellow' },
    { text: ` ${(focused ? '━' : '─').repeat(fill)}`, color: border },
    { text: right, dim: !focused },
    { text: focused ? '━┓' : '─╮', color: border },
  ];
}

/** How the pane's lines become rows: one per tool call in the grid; zoomed, outputs by head or whole. */
export function rowMode(scroll: number | undefined, wholeOutput: boolean | undefined): RowMode {
  if (scroll === undefined) return 'grid';
  return wholeOutput ? 'whole' : 'full';
}

/** Told each project path whose pane renders: a render counter (tests, benches); unset in the app. */
export const PaneRenderProbe = createContext<((projectPath: string) => void) | undefined>(undefined);

function PaneView(props: PaneProps) {
  const { pane, focused, width, height, now, input, inputDecor, scroll, queue } = props;
  useContext(PaneRenderProbe)?.(pane.project.path);
  const { git, gitError, stale, watchNote } = pane;
  const layout = paneLayout(props);
  const { inner, body } = layout;
  // A streaming pane renders every frame; its git rows change only with git (or the clock).
  const header = useMemo(
    () => headerRows({ git, gitError, stale, watchNote }, inner, now),
    [git, gitError, stale, watchNote, inner, now],
  );
  const window = rowWindow(
    pane.lines,
    body.width,
    body.rows,
    scroll ?? 0,
    rowMode(scroll, props.wholeOutput),
  );
  const extra = scroll !== undefined && window.offset > 0 ? [`${window.offset} rows up · End follows`] : [];
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflow="hidden">
      <StyledRows rows={[titleSegments(props, extra)]} />
      <Box
        flexDirection="column"
        // The focused pane is drawn heavier, so focus shows without colour too.
        borderStyle={focused ? 'bold' : 'round'}
        borderTop={false}
        borderColor={focused ? 'cyan' : 'gray'}
        paddingX={1}
        height={height - 1}
        overflow="hidden"
      >
        <StyledRows rows={header} />
        {layout.agent > 0 ? (
          <Box flexShrink={0} height={layout.agent} overflow="hidden">
            <AgentLine activity={pane.activity} now={now} width={inner} maxRows={layout.agentMax} />
          </Box>
        ) : null}
        {queue && layout.queue > 0 ? (
          <QueueList
            intents={pane.intents ?? []}
            view={{ ...queue, rows: layout.queue }}
            paused={pane.paused}
            width={inner}
            now={now}
          />
        ) : null}
        {layout.rule > 0 ? (
          <StyledRows
            rows={[
              [
                {
                  text: `── conversation ${'─'.repeat(Math.max(0, inner - 16))}`,
                  color: queue?.focused ? undefined : 'cyan',
                  dim: queue?.focused,
                },
              ],
            ]}
          />
        ) : null}
        <StyledRows grow rows={bodyRows(window.rows, body.rows > 0 && !input, inner)} />
        {layout.approval > 0 ? (
          <ApprovalPrompt
            activity={pane.activity}
            width={inner}
            maxRows={layout.approval}
            focused={focused}
          />
        ) : null}
        {input ? <IntentInput input={input} width={inner} decor={inputDecor} /> : null}
      </Box>
    </Box>
  );
}

// The input's decor and the queue view are derived anew on every frame of the app: equal by value.
const sameDecor = (a: InputDecor | undefined, b: InputDecor | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.note === b.note &&
    a.target === b.target &&
    a.candidates?.current === b.candidates?.current &&
    a.candidates?.names.join('\n') === b.candidates?.names.join('\n'));

const sameQueue = (a: PaneProps['queue'], b: PaneProps['queue']) =>
  a === b || (a !== undefined && b !== undefined && a.selectedId === b.selectedId && a.focused === b.focused);

function samePaneProps(a: PaneProps, b: PaneProps): boolean {
  for (const key of Object.keys({ ...a, ...b }) as (keyof PaneProps)[]) {
    if (key === 'inputDecor') {
      if (!sameDecor(a.inputDecor, b.inputDecor)) return false;
    } else if (key === 'queue') {
      if (!sameQueue(a.queue, b.queue)) return false;
    } else if (a[key] !== b[key]) return false;
  }
  return true;
}

export const Pane = memo(PaneView, samePaneProps);
