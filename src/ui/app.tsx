// The root of the TUI: reads AppState from the store, lays out the grid (or the zoomed pane with its
// queue, or help) in exactly the terminal's size, and turns keys into AppActions. No I/O here.
import { Box, Text, usePaste, useWindowSize } from 'ink';
import { type ReactNode, useEffect, useSyncExternalStore } from 'react';
import type { AppActions, AppState } from '../core/app-state.js';
import type { ObservableState } from '../core/observable-state.js';
import { type AppKeyEnv, appKeys, inputTakesText, pasteKeys } from './app-keys.js';
import { ApprovalReview } from './approval-review.js';
import { BottomBar, TopBar } from './bars.js';
import { DiffView } from './diff-view.js';
import { HelpOverlay } from './help-overlay.js';
import { useKeyDispatch } from './key-dispatch.js';
import { Pane } from './pane.js';
import { deriveView, initialUi, useUiState } from './ui-state.js';
import { useClock } from './use-clock.js';
import { confirmText } from './zoom-keys.js';

export { NOT_WIRED_QUEUE } from './input-keys.js';

export interface AppProps {
  store: ObservableState<AppState>;
  actions: AppActions;
  onQuit: () => void;
}

const MIN_COLUMNS = 20;
const MIN_ROWS = 5;

export function App({ store, actions, onQuit }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const { columns, rows } = useWindowSize();
  const now = useClock(30_000);
  const [uiRef, update] = useUiState(() => initialUi(state.startProject));
  const ui = uiRef.current;
  const view = deriveView(ui, state, columns, rows);
  const { panes, focusIndex, focused, gridHeight, layout, first, openInput, decor, queueView } = view;
  const { help, zoom, selection, flash, confirm } = ui;
  const focusedProject = focused?.project.name;

  // Core clears the attention mark of the focused pane and does not notify for it.
  useEffect(() => {
    if (focusedProject) actions.focusChanged?.(focusedProject);
  }, [focusedProject, actions]);

  // Every key reads the latest state (the store's and the UI's), so a burst acts key by key.
  const keyEnv = (): AppKeyEnv => ({ state: store.get(), actions, update, onQuit, columns, rows });
  useKeyDispatch({
    layers: () => appKeys(uiRef.current, keyEnv()),
    takesText: () => inputTakesText(uiRef.current, keyEnv()),
  });

  // Always on: a paste in the grid opens the input with it, as one (possibly multi-line) intent.
  usePaste((text) => pasteKeys(uiRef.current, keyEnv(), text));

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
      : ui.diff
        ? 'diff'
        : view.review
          ? 'approval'
          : openInput
            ? openInput.mode.kind === 'edit'
              ? 'edit'
              : 'input'
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
  } else if (ui.diff) {
    body = <DiffView view={ui.diff} width={columns} height={gridHeight} />;
  } else if (view.review) {
    body = (
      <ApprovalReview
        pane={view.review.pane}
        review={view.review.state}
        width={columns}
        height={gridHeight}
      />
    );
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
        wholeOutput={ui.wholeOutput}
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
      <TopBar
        width={columns}
        root={state.workspaceRoot}
        projects={panes.length}
        scrolled={scrolled}
        elsewhere={state.elsewhere}
      />
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
