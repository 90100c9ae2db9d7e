// The root of the TUI: reads AppState from the store, lays out the grid (or the zoomed pane, or help)
// in exactly the terminal's size, and turns keys into AppActions. No I/O here.
import { Box, Text, useWindowSize } from 'ink';
import { type ReactNode, useState, useSyncExternalStore } from 'react';
import type { AppActions, ApprovalAnswer, AppState } from '../core/app-state.js';
import type { Store } from '../core/store.js';
import type { PaneState } from '../core/types.js';
import { BottomBar, TopBar } from './bars.js';
import { HelpOverlay, helpColumns, helpSections } from './help-overlay.js';
import type { IntentInputState } from './intent-input.js';
import { type KeyHandler, useKeyDispatch } from './key-dispatch.js';
import { type Command, commandFor } from './keymap.js';
import { type FocusMove, gridLayout, keepRowVisible, moveFocus } from './layout.js';
import { editLine } from './line-editor.js';
import { Pane, paneBody } from './pane.js';
import { totalRows } from './pane-lines.js';
import { useClock } from './use-clock.js';

export interface AppProps {
  store: Store<AppState>;
  actions: AppActions;
  onQuit: () => void;
}

export const NOT_WIRED_QUEUE = 'queue not wired yet: intents arrive with the queue issue';
const MIN_COLUMNS = 20;
const MIN_ROWS = 5;

const MOVES: Partial<Record<Command, FocusMove>> = {
  'focus.next': 'next',
  'focus.prev': 'prev',
  'focus.left': 'left',
  'focus.right': 'right',
  'focus.up': 'up',
  'focus.down': 'down',
};

const ANSWERS: Partial<Record<Command, ApprovalAnswer>> = {
  'approval.yes': 'yes',
  'approval.no': 'no',
  'approval.always': 'always',
};

function isBusy(pane: PaneState): boolean {
  return ['thinking', 'tool', 'retrying', 'approval'].includes(pane.activity.kind);
}

export function App({ store, actions, onQuit }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const { columns, rows } = useWindowSize();
  const now = useClock(30_000);
  const [focusName, setFocusName] = useState(state.startProject);
  const [firstRow, setFirstRow] = useState(0);
  /** Rows scrolled up in the zoomed pane; undefined when not zoomed. */
  const [zoom, setZoom] = useState<number>();
  /** Help scroll position; undefined when help is closed. */
  const [help, setHelp] = useState<number>();
  const [input, setInput] = useState<IntentInputState>();
  /** A one-key-long message from the UI itself (e.g. a feature not wired yet). */
  const [flash, setFlash] = useState<string>();

  const panes = state.panes;
  const found = panes.findIndex((p) => p.project.name === focusName);
  const focusIndex = Math.max(0, found);
  const focused = panes[focusIndex];
  const gridHeight = Math.max(1, rows - 2);
  const layout = gridLayout(columns, gridHeight, panes.length);
  const first = keepRowVisible(
    firstRow,
    Math.floor(focusIndex / layout.columns),
    layout.visibleRows,
    layout.totalRows,
  );
  // Adjusting state while rendering (React's pattern for derived state): no extra commit.
  if (first !== firstRow) setFirstRow(first);
  const openInput = input && focused && input.project === focused.project.name ? input : undefined;

  const focusTo = (index: number) => {
    const pane = panes[index];
    if (!pane) return;
    setFocusName(pane.project.name);
    if (zoom !== undefined) setZoom(0);
  };

  const clearFlash: KeyHandler = () => {
    if (flash) setFlash(undefined);
    return false;
  };

  const globalKeys: KeyHandler = (text, key) => {
    if (commandFor('global', text, key) !== 'app.quit') return false;
    onQuit();
    return true;
  };

  // Help is modal: it takes every key while open.
  const helpKeys: KeyHandler = (text, key) => {
    const command = commandFor('help', text, key);
    if (command === 'help.close') setHelp(undefined);
    const { maxScroll } = helpColumns(helpSections(), columns - 4, gridHeight - 2, 0);
    if (command === 'help.scrollUp') setHelp((s) => Math.max(0, (s ?? 0) - 1));
    if (command === 'help.scrollDown') setHelp((s) => Math.min(maxScroll, (s ?? 0) + 1));
    return true;
  };

  // The input is modal too: typing `q` must type a q.
  const inputKeys: KeyHandler = (text, key) => {
    const command = commandFor('input', text, key);
    if (command === 'input.close') setInput(undefined);
    else if (command === 'input.submit' && openInput) submit(openInput);
    else
      setInput((current) => {
        const next = current && editLine(current, text, key);
        if (!current || !next) return current;
        return { ...current, ...next, note: next.text === current.text ? current.note : undefined };
      });
    return true;
  };

  const submit = (current: IntentInputState) => {
    const text = current.text.trim();
    if (text === '') return;
    if (!actions.submitIntent) {
      setInput({ ...current, note: NOT_WIRED_QUEUE });
      return;
    }
    actions.submitIntent(current.project, text);
    setInput(undefined);
  };

  const zoomKeys: KeyHandler = (text, key) => {
    if (!focused || zoom === undefined) return false;
    const command = commandFor('zoom', text, key);
    const body = paneBody(focused, columns, gridHeight, openInput);
    const max = Math.max(0, totalRows(focused.lines, body.width, 'full') - body.rows);
    const page = Math.max(1, body.rows - 1);
    const scrollTo = (value: number) => setZoom(Math.max(0, Math.min(max, value)));
    switch (command) {
      case 'pane.unzoom':
        setZoom(undefined);
        break;
      case 'pane.scrollUp':
        scrollTo(zoom + 1);
        break;
      case 'pane.scrollDown':
        scrollTo(zoom - 1);
        break;
      case 'pane.pageUp':
        scrollTo(zoom + page);
        break;
      case 'pane.pageDown':
        scrollTo(zoom - page);
        break;
      case 'pane.top':
        scrollTo(max);
        break;
      case 'pane.bottom':
        scrollTo(0);
        break;
      default:
        return false;
    }
    return true;
  };

  const gridKeys: KeyHandler = (text, key) => {
    const command = commandFor('grid', text, key);
    if (!command) return false;
    const move = MOVES[command];
    if (move) {
      focusTo(moveFocus(focusIndex, move, panes.length, layout.columns));
      return true;
    }
    const answer = ANSWERS[command];
    if (answer) {
      if (focused?.activity.kind !== 'approval') return false;
      if (actions.answerApproval) actions.answerApproval(focused.project.name, answer);
      else setFlash('approvals not wired yet: they arrive with the agent');
      return true;
    }
    switch (command) {
      case 'focus.jump':
        focusTo(Number(text) - 1);
        return true;
      case 'pane.zoom':
        if (focused) setZoom(0);
        return true;
      case 'input.open':
        if (focused) setInput({ project: focused.project.name, text: '', cursor: 0 });
        return true;
      case 'agent.cancel':
        if (!focused || !isBusy(focused)) return false;
        if (actions.cancel) actions.cancel(focused.project.name);
        else setFlash('cancel not wired yet: it arrives with the runner');
        return true;
      case 'help.toggle':
        setHelp(0);
        return true;
      case 'app.quit':
        onQuit();
        return true;
      default:
        return false;
    }
  };

  useKeyDispatch([
    clearFlash,
    globalKeys,
    help !== undefined && helpKeys,
    openInput !== undefined && inputKeys,
    zoomKeys,
    gridKeys,
  ]);

  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return (
      <Box width={columns} height={rows} overflow="hidden">
        <Text>terminal too small</Text>
      </Box>
    );
  }

  const lastShown = Math.min(panes.length, (first + layout.visibleRows) * layout.columns);
  const scrolled =
    layout.totalRows > layout.visibleRows ? `showing ${first * layout.columns + 1}–${lastShown}` : undefined;
  const mode = help !== undefined ? 'help' : openInput ? 'input' : zoom !== undefined ? 'zoom' : 'grid';

  let body: ReactNode;
  if (help !== undefined) {
    body = <HelpOverlay width={columns} height={gridHeight} scroll={help} />;
  } else if (!focused) {
    body = <Text dimColor>no projects: this workspace holds no git repositories yet</Text>;
  } else if (zoom !== undefined) {
    body = (
      <Pane
        pane={focused}
        index={focusIndex}
        focused
        width={columns}
        height={gridHeight}
        now={now}
        input={openInput}
        scroll={zoom}
      />
    );
  } else {
    body = layout.heights.map((height, r) => {
      const row = first + r;
      const start = row * layout.columns;
      return (
        <Box key={row} height={height} flexDirection="row" flexShrink={0}>
          {panes.slice(start, start + layout.columns).map((pane, c) => (
            <Pane
              key={pane.project.path}
              pane={pane}
              index={start + c}
              focused={start + c === focusIndex}
              width={layout.widths[c]!}
              height={height}
              now={now}
              input={start + c === focusIndex ? openInput : undefined}
            />
          ))}
        </Box>
      );
    });
  }

  return (
    <Box width={columns} height={rows} flexDirection="column" overflow="hidden">
      <TopBar width={columns} root={state.workspaceRoot} projects={panes.length} scrolled={scrolled} />
      <Box height={gridHeight} flexDirection="column" overflow="hidden" flexShrink={0}>
        {body}
      </Box>
      <BottomBar width={columns} mode={mode} message={flash ?? state.notice} />
    </Box>
  );
}
