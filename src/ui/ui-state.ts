// The TUI's own state (focus, zoom, help, the open input…) in one object held in a ref, so that every
// key of a burst reads what the key before it left, before React re-renders. `deriveView` is the one
// place the layout and the open input are computed from it, for the frame and for the keys alike.
import { useReducer, useRef } from 'react';
import type { AppState } from '../core/app-state.js';
import { unknownMentions } from '../model/mention-syntax.js';
import { type ReviewState, reviewOf } from './approval-review.js';
import type { DiffViewState } from './diff-view-state.js';
import type { InputDecor } from './intent-input.js';
import { type IntentInputState, referenceAt, referenceCandidates, sentNote } from './intent-input-state.js';
import { gridLayout, keepRowVisible } from './layout.js';
import type { Confirm } from './zoom-keys.js';

export interface UiState {
  focusName?: string;
  firstRow: number;
  /** Rows scrolled up in the zoomed pane; undefined when not zoomed. */
  zoom?: number;
  /** In the zoomed pane: tool outputs whole (Ctrl+O), not just their first lines. */
  wholeOutput?: boolean;
  /** In the zoomed pane: the queue list has the keys (else the conversation). */
  listFocused: boolean;
  selectedId?: number;
  /** Help scroll position; undefined when help is closed. */
  help?: number;
  input?: IntentInputState;
  /** Texts submitted in this session, most recent first. */
  history: string[];
  /** Panes chosen with Space: `i` queues one intent into each. */
  selection: string[];
  confirm?: Confirm;
  /** The approval prompt, while open. */
  review?: ReviewState;
  /** The diff view of one intent (zoomed pane, d in the queue list), while open. */
  diff?: DiffViewState;
  /** Inputs closed with Esc, per project: opening the input there brings them back. */
  drafts: Record<string, IntentInputState>;
  /** A one-key-long message from the UI itself (e.g. a feature not wired yet). */
  flash?: string;
}

export type UiUpdate = (change: Partial<UiState> | ((ui: UiState) => Partial<UiState>)) => void;

export function initialUi(startProject: string | undefined): UiState {
  return {
    focusName: startProject,
    firstRow: 0,
    listFocused: true,
    history: [],
    selection: [],
    drafts: {},
  };
}

/** The state in a ref (read it with `.current`, always the latest) and an update that re-renders. */
export function useUiState(initial: () => UiState): [{ readonly current: UiState }, UiUpdate] {
  const ref = useRef<UiState>(undefined as unknown as UiState);
  if (ref.current === undefined) ref.current = initial();
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const update = useRef<UiUpdate>((change) => {
    const patch = typeof change === 'function' ? change(ref.current) : change;
    ref.current = { ...ref.current, ...patch };
    rerender();
  });
  return [ref, update.current];
}

/** What the input shows besides its text, derived from the app state (no timers). */
function inputDecor(input: IntentInputState | undefined, state: AppState): InputDecor | undefined {
  if (!input) return undefined;
  const names = state.panes.map((p) => p.project.name);
  const at = referenceAt(input);
  const matches = at ? referenceCandidates(at.partial, names) : [];
  const mode = input.mode;
  const target =
    mode.kind === 'fanout'
      ? `→ queues into ${mode.projects.join(', ')}`
      : mode.kind === 'edit'
        ? `editing #${mode.id} · Enter saves · Esc keeps it as it was`
        : undefined;
  // `@word` that is no project stays text; say so when it looks like a project was meant.
  const unknown = unknownMentions(input.text, names);
  const textNote = unknown.length > 0 ? `${unknown.join(', ')}: not a project, kept as text` : undefined;
  return {
    note: input.note ?? sentNote(input.sent, state.panes),
    candidates:
      matches.length > 0 ? { names: matches, current: matches.find((n) => n === at?.partial) } : undefined,
    target: [target, textNote].filter(Boolean).join(' · ') || undefined,
  };
}

export type UiView = ReturnType<typeof deriveView>;

export function deriveView(ui: UiState, state: AppState, columns: number, rows: number) {
  const panes = state.panes;
  const focusIndex = Math.max(
    0,
    panes.findIndex((p) => p.project.name === ui.focusName),
  );
  const focused = panes[focusIndex];
  const gridHeight = Math.max(1, rows - 2);
  const layout = gridLayout(columns, gridHeight, panes.length);
  const first = keepRowVisible(
    ui.firstRow,
    Math.floor(focusIndex / layout.columns),
    layout.visibleRows,
    layout.totalRows,
  );
  const openInput = ui.input && focused && ui.input.project === focused.project.name ? ui.input : undefined;
  const hasIntents = (focused?.intents ?? []).length > 0;
  const queueView =
    ui.zoom !== undefined
      ? { selectedId: ui.selectedId, focused: ui.listFocused && hasIntents && !openInput }
      : undefined;
  const reviewPane = ui.review && panes.find((p) => p.project.name === ui.review?.project);
  return {
    panes,
    /** The pane whose approval prompt is open (undefined once its step is answered or gone). */
    review:
      ui.review && reviewOf(ui.review, reviewPane) ? { pane: reviewPane!, state: ui.review } : undefined,
    focusIndex,
    focused,
    gridHeight,
    layout,
    first,
    openInput,
    decor: inputDecor(openInput, state),
    hasIntents,
    queueView,
  };
}
