// The key layers of the app for one key, built from the latest UiState (never from a render, so a
// burst of keys acts in order): global, confirm, help, approval prompt, input, queue list, zoom, grid.
import type { AppActions, AppState } from '../core/app-state.js';
import { approvalKeys } from './approval-keys.js';
import { diffKeys } from './diff-keys.js';
import { openDiffView } from './diff-view-state.js';
import { gridKeys, inputMode } from './grid-keys.js';
import { helpLayout } from './help-overlay.js';
import { inputKeys } from './input-keys.js';
import { type InputMode, openInput, remember, withText } from './intent-input-state.js';
import type { KeyHandler, KeyLayers } from './key-dispatch.js';
import { commandFor } from './keymap.js';
import { moveFocus } from './layout.js';
import { insertText } from './line-editor.js';
import { nextNeedingYou } from './needs-you.js';
import { paneBody, rowMode } from './pane.js';
import { isRunning } from './pane-header.js';
import { totalRows } from './pane-lines.js';
import { deriveView, type UiState, type UiUpdate } from './ui-state.js';
import { confirmKeys, queueKeys, type ZoomContext, zoomKeys } from './zoom-keys.js';

/** Files read before the diff view's first screen; the rest follows. */
const FIRST_FILES = 8;

export interface AppKeyEnv {
  state: AppState;
  actions: AppActions;
  update: UiUpdate;
  onQuit: () => void;
  columns: number;
  rows: number;
}

/** How many agents a quit would stop, and the warning that asks for a second q. */
export function quitWarning(state: AppState): { working: number; warning: string } {
  const working = state.panes.filter(
    (pane) => isRunning(pane.activity) || pane.activity.kind === 'approval',
  ).length;
  const warning = `${working} ${working === 1 ? 'agent is' : 'agents are'} working: press q again to quit (their intents become interrupted; r retries them)`;
  return { working, warning };
}

export function appKeys(ui: UiState, env: AppKeyEnv): KeyLayers {
  const { state, actions, update, columns } = env;
  const view = deriveView(ui, state, columns, env.rows);
  const { panes, focused, openInput, gridHeight, layout } = view;
  if (view.first !== ui.firstRow) update({ firstRow: view.first });

  const resetZoom = () => update({ zoom: 0, selectedId: undefined, listFocused: true });
  const focusTo = (index: number) => {
    const pane = panes[index];
    if (!pane) return;
    update({ focusName: pane.project.name });
    if (ui.zoom !== undefined) resetZoom();
  };
  const setFlash = (flash: string | undefined) => update({ flash });

  const clearFlash: KeyHandler = () => {
    if (ui.flash) setFlash(undefined);
    return false;
  };

  // Quitting stops the agents (their intents become interrupted): with any at work, ask twice.
  const { working, warning } = quitWarning(state);
  const requestQuit = () => {
    if (working === 0 || ui.flash === warning) env.onQuit();
    else setFlash(warning);
  };

  const globalKeys: KeyHandler = (text, key) => {
    if (commandFor('global', text, key) !== 'app.quit') return false;
    requestQuit();
    return true;
  };

  // The queue list's cursor: moved by its keys and by a confirmed remove.
  const setSelectedId: ZoomContext['setSelectedId'] = (id) =>
    update((u) => ({ selectedId: typeof id === 'function' ? id(u.selectedId) : id }));

  // Help is modal: it takes every key while open.
  const helpKeys: KeyHandler = (text, key) => {
    const command = commandFor('help', text, key);
    if (command === 'help.close') update({ help: undefined });
    const { maxScroll, page } = helpLayout(columns, gridHeight, 0);
    const by = (rows: number) =>
      update((u) => ({ help: Math.max(0, Math.min(maxScroll, (u.help ?? 0) + rows)) }));
    if (command === 'help.scrollUp') by(-1);
    if (command === 'help.scrollDown') by(1);
    if (command === 'help.pageUp') by(-page);
    if (command === 'help.pageDown') by(page);
    if (command === 'help.top') update({ help: 0 });
    if (command === 'help.bottom') update({ help: maxScroll });
    return true;
  };

  const openInputFor = (project: string, mode: InputMode, typed = '') =>
    update((u) => openedInput(u, project, mode, typed));
  const closeInput = () =>
    update((u) => {
      const input = u.input;
      // An edit closed with Esc keeps the intent as it was; anything else typed is kept as a draft.
      if (!input || input.mode.kind === 'edit' || input.text.trim() === '') return { input: undefined };
      return {
        input: undefined,
        drafts: { ...u.drafts, [input.project]: input },
        flash: 'draft kept: i (or typing) in this pane brings it back',
      };
    });

  let zoomContext: ZoomContext | undefined;
  if (focused && ui.zoom !== undefined) {
    const body = paneBody({
      pane: focused,
      width: columns,
      height: gridHeight,
      input: openInput,
      inputDecor: view.decor,
      scroll: ui.zoom,
      queue: view.queueView,
      wholeOutput: ui.wholeOutput,
    });
    zoomContext = {
      pane: focused,
      actions,
      setScroll: (scroll) =>
        update((u) => ({ zoom: typeof scroll === 'function' ? scroll(u.zoom) : scroll })),
      maxScroll: Math.max(
        0,
        totalRows(focused.lines, body.width, rowMode(ui.zoom, ui.wholeOutput)) - body.rows,
      ),
      page: Math.max(1, body.rows - 1),
      listFocused: ui.listFocused && view.hasIntents,
      setListFocused: (listFocused) => update({ listFocused }),
      selectedId: ui.selectedId,
      setSelectedId,
      confirm: ui.confirm,
      setConfirm: (confirm) => update({ confirm }),
      wholeOutput: ui.wholeOutput === true,
      setWholeOutput: (wholeOutput) => update({ wholeOutput }),
      setInput: (input) => update({ input }),
      openDiff: (id) => openDiff(id, focused.project.name),
      flash: setFlash,
    };
  }

  // The diff view loads its change from core: the first files at once (the first screen of a huge
  // change does not wait for all of it), then the whole; a view closed or replaced meanwhile ignores
  // the answers.
  function openDiff(id: number, project: string) {
    update({ diff: openDiffView(id, project) });
    const load = actions.loadDiff;
    if (!load) {
      update({ diff: { ...openDiffView(id, project), error: 'the diff view is not wired here' } });
      return;
    }
    const failed = (error: unknown) =>
      update((u) =>
        u.diff?.id === id && !u.diff.data
          ? { diff: { ...u.diff, error: error instanceof Error ? error.message : String(error) } }
          : {},
      );
    load(id, { firstFiles: FIRST_FILES }).then((first) => {
      update((u) => (u.diff?.id === id && !u.diff.data ? { diff: { ...u.diff, data: first } } : {}));
      if (!first.partial) return;
      load(id).then(
        (data) =>
          update((u) => (u.diff?.id === id && u.diff.data?.partial ? { diff: { ...u.diff, data } } : {})),
        failed,
      );
    }, failed);
  }
  const diffLayer =
    ui.diff &&
    diffKeys({
      view: ui.diff,
      actions,
      height: gridHeight,
      setView: (change) => update((u) => (u.diff ? { diff: change(u.diff) } : {})),
      setConfirm: (confirm) => update({ confirm }),
      flash: setFlash,
    });

  return [
    clearFlash,
    globalKeys,
    confirmKeys({
      confirm: ui.confirm,
      setConfirm: (confirm) => update({ confirm }),
      actions,
      flash: setFlash,
      setSelectedId,
    }),
    ui.help !== undefined && helpKeys,
    diffLayer,
    view.review &&
      approvalKeys({
        pane: view.review.pane,
        review: view.review.state,
        width: columns,
        height: gridHeight,
        actions,
        setReview: (review) => update({ review }),
        flash: setFlash,
      }),
    openInput !== undefined &&
      inputKeys({
        state,
        actions,
        input: openInput,
        setInput: (input) => update({ input }),
        close: closeInput,
        updateInput: (change) => update((u) => ({ input: u.input ? change(u.input) : u.input })),
        history: () => actions.inputHistory?.(openInput.project) ?? ui.history,
        remember: (text) => {
          // Kept in the state database per project when core offers it; else for this session.
          if (actions.rememberInput) actions.rememberInput(openInput.project, text);
          else update((u) => ({ history: remember(u.history, text) }));
        },
      }),
    zoomContext && queueKeys(zoomContext),
    zoomContext && zoomKeys(zoomContext),
    gridKeys({
      panes,
      focused,
      zoomed: ui.zoom !== undefined,
      actions,
      move: (move) => {
        const next = panes[moveFocus(view.focusIndex, move, panes.length, layout.columns)];
        if (next) update({ focusName: next.project.name });
        if (ui.zoom !== undefined) resetZoom();
      },
      jump: focusTo,
      needsYou: () => {
        const next = nextNeedingYou(panes, view.focusIndex);
        if (next === undefined) setFlash('no pane needs you: nothing waits, failed or finished unseen');
        else focusTo(next);
      },
      zoom: () => update({ zoom: 0, listFocused: true }),
      selection: ui.selection,
      setSelection: (selection) => update({ selection }),
      openInput: openInputFor,
      openReview: (pane) => {
        if (pane.activity.kind !== 'approval') return;
        update({
          review: { project: pane.project.name, since: pane.activity.since, scroll: 0, seenEnd: false },
        });
      },
      askCancel: (project) => update({ confirm: { kind: 'cancel', project } }),
      openHelp: () => update({ help: 0 }),
      quit: requestQuit,
      flash: setFlash,
    }),
  ];
}

/** Whether a run of typed text goes whole into the open input (no modal layer is in front of it). */
export function inputTakesText(ui: UiState, env: AppKeyEnv): boolean {
  if (ui.help !== undefined || ui.confirm !== undefined || ui.diff !== undefined) return false;
  const view = deriveView(ui, env.state, env.columns, env.rows);
  return view.openInput !== undefined && view.review === undefined;
}

/** A bracketed paste: into the open input, or it opens the focused pane's input with the text. */
export function pasteKeys(ui: UiState, env: AppKeyEnv, text: string): void {
  const view = deriveView(ui, env.state, env.columns, env.rows);
  if (ui.diff?.comment) {
    const comment = ui.diff.comment;
    env.update({
      diff: { ...ui.diff, comment: { ...comment, ...insertText(comment, text.replace(/\s*\n\s*/g, ' ')) } },
    });
    return;
  }
  if (ui.help !== undefined || ui.diff || view.review || !view.focused) return;
  if (view.openInput) {
    env.update({ input: withText(view.openInput, insertText(view.openInput, text)) });
    return;
  }
  const mode = inputMode({ panes: view.panes, selection: ui.selection });
  env.update((u) => ({ ...openedInput(u, view.focused!.project.name, mode, text), confirm: undefined }));
}

/** Open the input of a pane: its kept draft if any (in the mode asked for now), plus what was typed. */
function openedInput(ui: UiState, project: string, mode: InputMode, typed: string): Partial<UiState> {
  const { [project]: draft, ...drafts } = ui.drafts;
  const base = draft
    ? { ...draft, mode, note: undefined, sent: undefined, completion: undefined }
    : openInput(project, mode);
  return { input: typed ? withText(base, insertText(base, typed)) : base, drafts };
}
