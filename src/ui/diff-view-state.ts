// The diff view's state and its pure steps: which rows show (every file or one), the cursor and its
// scroll, the marked range, and the review comments collected before they are sent.
import type { DiffData } from '../core/app-state.js';
import type { DiffLine, MarkedLines, ReviewComment } from '../model/diff.js';
import { markLines } from '../model/diff.js';
import type { LineState } from './line-editor.js';

export interface DiffViewState {
  id: number;
  project: string;
  /** Set once loaded (git runs in core). */
  data?: DiffData;
  error?: string;
  /** -1: every file, one after the other; else the index of the one file shown. */
  file: number;
  /** Row under the cursor, and the first row on screen. */
  cursor: number;
  top: number;
  /** Where marking started (a row); the range runs to the cursor. */
  mark?: number;
  comments: ReviewComment[];
  /** The comment being written, and the lines it is about. */
  comment?: LineState & { lines?: MarkedLines };
  /** Esc was pressed with comments not sent: a second Esc drops them. */
  closing?: boolean;
}

export function openDiffView(id: number, project: string): DiffViewState {
  return { id, project, file: -1, cursor: 0, top: 0, comments: [] };
}

/** One row of the view: a line of a file. Header lines git prints (index, ---/+++) are left out. */
export interface DiffRow {
  file: number;
  line: number;
}

const HIDDEN = /^(index |--- |\+\+\+ )/;

const cache = new WeakMap<DiffData, Map<number, DiffRow[]>>();

/** The rows of every file (`file` -1) or of one; computed once per loaded diff. */
export function diffRows(data: DiffData, file: number): DiffRow[] {
  let byFile = cache.get(data);
  if (!byFile) {
    byFile = new Map();
    cache.set(data, byFile);
  }
  const cached = byFile.get(file);
  if (cached) return cached;
  const rows: DiffRow[] = [];
  data.files.forEach((entry, index) => {
    if (file !== -1 && index !== file) return;
    entry.lines.forEach((line, at) => {
      if (line.kind !== 'meta' || !HIDDEN.test(line.text)) rows.push({ file: index, line: at });
    });
  });
  byFile.set(file, rows);
  return rows;
}

export function rowLine(data: DiffData, row: DiffRow): DiffLine {
  return data.files[row.file]!.lines[row.line]!;
}

/** The cursor moved to `cursor` (clamped), the scroll following it on a screen of `height` rows. */
export function moveCursor(view: DiffViewState, cursor: number, height: number): DiffViewState {
  if (!view.data) return view;
  const count = diffRows(view.data, view.file).length;
  const at = Math.max(0, Math.min(count - 1, cursor));
  const room = Math.max(1, height);
  const top = at < view.top ? at : at >= view.top + room ? at - room + 1 : view.top;
  return { ...view, cursor: at, top: Math.max(0, Math.min(top, Math.max(0, count - room))) };
}

/** The file under the cursor. */
export function cursorFile(view: DiffViewState): number {
  if (!view.data) return 0;
  return diffRows(view.data, view.file)[view.cursor]?.file ?? 0;
}

/** Next or previous file: the one file shown changes, or the cursor jumps to that file's first row. */
export function stepFile(view: DiffViewState, by: 1 | -1, height: number): DiffViewState {
  if (!view.data || view.data.files.length === 0) return view;
  const count = view.data.files.length;
  const target = Math.max(0, Math.min(count - 1, cursorFile(view) + by));
  if (view.file !== -1) return { ...view, file: target, cursor: 0, top: 0, mark: undefined };
  const first = diffRows(view.data, -1).findIndex((row) => row.file === target);
  return { ...moveCursor({ ...view, mark: undefined }, first, height), top: first };
}

/** All files, or only the one under the cursor (the cursor stays on its line). */
export function toggleAllFiles(view: DiffViewState, height: number): DiffViewState {
  if (!view.data) return view;
  const current = diffRows(view.data, view.file)[view.cursor];
  const file = view.file === -1 ? cursorFile(view) : -1;
  const rows = diffRows(view.data, file);
  const at = current ? rows.findIndex((row) => row.file === current.file && row.line === current.line) : 0;
  return moveCursor({ ...view, file, mark: undefined, top: 0 }, Math.max(0, at), height);
}

/** The marked range (or the cursor's line) as the lines a comment is about; undefined on a header. */
export function markedLines(view: DiffViewState): MarkedLines | undefined {
  if (!view.data) return undefined;
  const rows = diffRows(view.data, view.file);
  const cursor = rows[view.cursor];
  if (!cursor) return undefined;
  const anchor = view.mark !== undefined ? rows[view.mark] : cursor;
  // A range never spans two files: it is cut at the cursor's file.
  const start = anchor && anchor.file === cursor.file ? anchor.line : cursor.line;
  return markLines(view.data.files[cursor.file]!, start, cursor.line);
}

/** Whether row `index` is inside the marked range. */
export function isMarked(view: DiffViewState, index: number): boolean {
  if (view.mark === undefined) return false;
  const [a, b] = view.mark <= view.cursor ? [view.mark, view.cursor] : [view.cursor, view.mark];
  return index >= a && index <= b;
}

/** Rows that carry a comment already (their file and line numbers), to mark them in the gutter. */
export function commentedAt(view: DiffViewState, line: DiffLine, path: string): boolean {
  const number = line.new ?? line.old;
  if (number === undefined) return false;
  return view.comments.some(
    (comment) => comment.lines?.path === path && number >= comment.lines.from && number <= comment.lines.to,
  );
}
