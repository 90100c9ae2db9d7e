// The root of the TUI: reads AppState from the store, lays out the grid (or the zoomed pane with its
// queue, or help) in exactly the terminal's size, and turns keys into AppActions. No I/O here.
import { Box, Text, usePaste, useWindowSize } from 'ink';
import { type ReactNode, useEffect, useState, useSyncExternalStore } from 'react';
import type { AppActions, AppState } from '../core/app-state.js';
import type { ObservableState } from '../core/observable-state.js';
import { BottomBar, TopBar } from './bars.js';
import { gridKeys } from './grid-keys.js';
import { HelpOverlay, helpColumns, helpSections } from './help-overlay.js';
import { inputKeys, pasteInto } from './input-keys.js';
import type { InputDecor } from './intent-input.js';
import { type IntentInputState, referenceAt, referenceCandidates, sentNote } from './intent-input-state.js';
import { type KeyHandler, useKeyDispatch } from './key-dispatch.js';
import { commandFor } from './keymap.js';
import { gridLayout, keepRowVisible, moveFocus } from './layout.js';
import { Pane, paneBody } from './pane.js';
import { isRunning } from './pane-header.js';
import { totalRows } from './pane-lines.js';
import { useClock } from './use-clock.js';
import {
  type Confirm,
  confirmKeys,
  confirmText,
  queueKeys,
  type ZoomContext,
  zoomKeys,
} from './zoom-keys.js';

export { NOT_WIRED_QUEUE } from './input-keys.js';

export interface AppProps {
  store: ObservableState<AppState>;
  actions: AppActions;
  onQuit: () => void;
}

const MIN_COLUMNS = 20;
const MIN_ROWS = 5;

/** What the input shows besides its text, derived from the app state (no timers). */
function inputDecor(input: IntentInputState | undefined, state: AppState): InputDecor | undefined {
  if (!input) return undefined;
  const names = state.panes.map((p) => p.project.name);
  const at = referenceAt(input);
  const matches = at ? referenceCandidates(at.partial, names) : [];
  const mode = input.mode;
  return {
    note: input.note ?? sentNote(input.sent, state.panes),
    candidates:
      matches.length > 0 ? { names: matches, current: matches.find((n) => n === at?.partial) } : undefined,
    target:
      mode.kind === 'fanout'
        ? `→ queues into ${mode.projects.join(', ')}`
        : mode.kind === 'edit'
          ? `editing #${mode.id} · Enter saves · Esc keeps it as it was`
          : undefined,
  };
}

export function App({ store, actions, onQuit }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const { columns, rows } = useWindowSize();
  const now = useClock(30_000);
  const [focusName, setFocusName] = useState(state.startProject);
  const [firstRow, setFirstRow] = useState(0);
  /** Rows scrolled up in the zoomed pane; undefined when not zoomed. */
  const [zoom, setZoom] = useState<number>();
  /** In the zoomed pane: the queue list has the keys (else the conversation). */
  const [listFocused, setListFocused] = useState(true);
  const [selectedId, setSelectedId] = useState<number>();
  /** Help scroll position; undefined when help is closed. */
  const [help, setHelp] = useState<number>();
  const [input, setInput] = useState<IntentInputState>();
  /** Texts submitted in this session, most recent first. */
  const [history, setHistory] = useState<string[]>([]);
  /** Panes chosen with Space: `i` queues one intent into each. */
  const [selection, setSelection] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<Confirm>();
  /** A one-key-long message from the UI itself (e.g. a feature not wired yet). */
  const [flash, setFlash] = useState<string>();

  const panes = state.panes;
  const found = panes.findIndex((p) => p.project.name === focusName);
  const focusIndex = Math.max(0, found);
  const focused = panes[focusIndex];
  const focusedProject = focused?.project.name;
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
  const decor = inputDecor(openInput, state);
  const hasIntents = (focused?.intents ?? []).length > 0;
  const queueView =
    zoom !== undefined ? { selectedId, focused: listFocused && hasIntents && !openInput } : undefined;

  // Core clears the attention mark of the focused pane and does not notify for it.
  useEffect(() => {
    if (focusedProject) actions.focusChanged?.(focusedProject);
  }, [focusedProject, actions]);

  usePaste(
    (text) => {
      if (openInput) setInput(pasteInto(openInput, text));
    },
    { isActive: openInput !== undefined },
  );

  const resetZoom = () => {
    setZoom(0);
    setSelectedId(undefined);
    setListFocused(true);
  };
  const focusTo = (index: number) => {
    const pane = panes[index];
    if (!pane) return;
    setFocusName(pane.project.name);
    if (zoom !== undefined) resetZoom();
  };

  const clearFlash: KeyHandler = () => {
    if (flash) setFlash(undefined);
    return false;
  };

  // Quitting stops the agents (their intents become interrupted): with any at work, ask twice.
  const working = panes.filter(
    (pane) => isRunning(pane.activity) || pane.activity.kind === 'approval',
  ).length;
  const quitWarning = `${working} ${working === 1 ? 'agent is' : 'agents are'} working: press q again to quit (their intents become interrupted; r retries them)`;
  const requestQuit = () => {
    if (working === 0 || flash === quitWarning) onQuit();
    else setFlash(quitWarning);
  };

  const globalKeys: KeyHandler = (text, key) => {
    if (commandFor('global', text, key) !== 'app.quit') return false;
    requestQuit();
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

  let zoomContext: ZoomContext | undefined;
  if (focused && zoom !== undefined) {
    const body = paneBody({
      pane: focused,
      width: columns,
      height: gridHeight,
      input: openInput,
      inputDecor: decor,
      scroll: zoom,
      queue: queueView,
    });
    zoomContext = {
      pane: focused,
      actions,
      setScroll: setZoom,
      maxScroll: Math.max(0, totalRows(focused.lines, body.width, 'full') - body.rows),
      page: Math.max(1, body.rows - 1),
      listFocused: listFocused && hasIntents,
      setListFocused,
      selectedId,
      setSelectedId,
      confirm,
      setConfirm,
      setInput,
      flash: setFlash,
    };
  }

  useKeyDispatch(
    [
      clearFlash,
      globalKeys,
      zoomContext && confirmKeys(zoomContext),
      help !== undefined && helpKeys,
      openInput !== undefined &&
        inputKeys({
          state,
          actions,
          input: openInput,
          setInput,
          updateInput: (change) => setInput((now) => (now ? change(now) : now)),
          history,
          setHistory,
        }),
      zoomContext && queueKeys(zoomContext),
      zoomContext && zoomKeys(zoomContext),
      gridKeys({
        panes,
        focused,
        actions,
        move: (move) => {
          // From the latest focus: a held arrow sends a burst before React re-renders.
          setFocusName((name) => {
            const at = Math.max(
              0,
              panes.findIndex((p) => p.project.name === name),
            );
            return panes[moveFocus(at, move, panes.length, layout.columns)]?.project.name ?? name;
          });
          if (zoom !== undefined) resetZoom();
        },
        jump: focusTo,
        zoom: () => {
          setZoom(0);
          setListFocused(true);
        },
        selection,
        setSelection,
        setInput,
        openHelp: () => setHelp(0),
        quit: requestQuit,
        flash: setFlash,
      }),
    ],
    { splitTypeahead: openInput === undefined && help === undefined },
  );

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
  const mode =
    help !== undefined
      ? 'help'
      : openInput
        ? 'input'
        : zoom !== undefined
          ? queueView?.focused
            ? 'queue'
            : 'zoom'
          : 'grid';
  const selectionNote =
    selection.length > 0 ? `${selection.length} selected · i queues into each · Esc clears` : undefined;

  let body: ReactNode;
  if (help !== undefined) {
    body = <HelpOverlay width={columns} height={gridHeight} scroll={help} />;
  } else if (!focused) {
    body = (
      <Text dimColor>
        no projects: this folder holds no git repositories (start shipyard in a folder of repositories, pass
        one with --root, or pin one with `shipyard add PATH`)
      </Text>
    );
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
        inputDecor={decor}
        scroll={zoom}
        queue={queueView}
        selected={selection.includes(focused.project.name)}
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
              inputDecor={start + c === focusIndex ? decor : undefined}
              selected={selection.includes(pane.project.name)}
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
      <BottomBar
        width={columns}
        mode={mode}
        message={flash ?? confirmText(confirm) ?? state.notice ?? selectionNote}
      />
    </Box>
  );
}
