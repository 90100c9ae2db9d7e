// An intent's diff as the diff view, `shipyard diff` and review comments see it: files, each with
// its lines (kind, text, line numbers on both sides). Parsing is pure: one pass over git's output.

export type DiffLineKind = 'meta' | 'hunk' | 'add' | 'del' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number before the change (`del`, `context`) and after it (`add`, `context`). */
  old?: number;
  new?: number;
}

export interface DiffFile {
  path: string;
  /** null for a binary file. */
  added: number | null;
  removed: number | null;
  lines: DiffLine[];
}

export interface DiffSummary {
  files: number;
  added: number;
  removed: number;
}

/** `3 files +20 −4` (the intent's row, `--stat`'s last line). */
export function summaryLabel(summary: DiffSummary): string {
  return `${summary.files} ${summary.files === 1 ? 'file' : 'files'} +${summary.added} −${summary.removed}`;
}

/**
 * Splits a unified diff into its files. `stats` (from `--numstat -z`, same order) give the exact
 * paths, which the `diff --git` headers may quote.
 */
export function parsePatch(patch: string, stats: readonly Omit<DiffFile, 'lines'>[]): DiffFile[] {
  const files: DiffFile[] = [];
  let current: DiffLine[] | undefined;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  const lines = patch.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const text of lines) {
    if (text.startsWith('diff --git ')) {
      const stat = stats[files.length] ?? { path: headerPath(text), added: null, removed: null };
      current = [{ kind: 'meta', text }];
      files.push({ ...stat, lines: current });
      inHunk = false;
      continue;
    }
    if (!current) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      inHunk = true;
      current.push({ kind: 'hunk', text });
    } else if (inHunk && text.startsWith('+')) current.push({ kind: 'add', text, new: newLine++ });
    else if (inHunk && text.startsWith('-')) current.push({ kind: 'del', text, old: oldLine++ });
    else if (inHunk && text.startsWith(' '))
      current.push({ kind: 'context', text, old: oldLine++, new: newLine++ });
    else current.push({ kind: 'meta', text });
  }
  return files;
}

function headerPath(header: string): string {
  const match = / b\/(.*)$/.exec(header);
  return match ? match[1]! : header.slice('diff --git '.length);
}

/** A range of lines of one file that a review comment is about, as the comment quotes it. */
export interface MarkedLines {
  path: string;
  /** First and last line number in the new file (the old one for removed lines only). */
  from: number;
  to: number;
  /** The marked lines as the diff shows them (`+`, `-`, ` ` first). */
  text: string[];
}

/** The file lines `start..end` (indexes into `file.lines`, either order) as a marked range. */
export function markLines(file: DiffFile, start: number, end: number): MarkedLines | undefined {
  const [a, b] = start <= end ? [start, end] : [end, start];
  const picked = file.lines.slice(a, b + 1).filter((line) => line.kind !== 'meta' && line.kind !== 'hunk');
  if (picked.length === 0) return undefined;
  const numbers = picked.map((line) => line.new ?? line.old!);
  return {
    path: file.path,
    from: Math.min(...numbers),
    to: Math.max(...numbers),
    text: picked.map((line) => line.text),
  };
}

/** The lines numbered `from..to` of `path` (new side, else old side), as a marked range. */
export function linesOf(
  files: readonly DiffFile[],
  path: string,
  from: number,
  to: number,
): MarkedLines | undefined {
  const file = files.find((candidate) => candidate.path === path);
  if (!file) return undefined;
  const inRange = (n: number | undefined) => n !== undefined && n >= from && n <= to;
  const picked = file.lines.filter((line) =>
    line.kind === 'add' || line.kind === 'context'
      ? inRange(line.new)
      : line.kind === 'del' && inRange(line.old),
  );
  if (picked.length === 0) return undefined;
  return { path, from, to, text: picked.map((line) => line.text) };
}

/** One review comment: what the user wrote about which lines. */
export interface ReviewComment {
  lines?: MarkedLines;
  text: string;
}

const QUOTED_LINES = 40;

/**
 * The text of the intent a review sends back to the agent: each comment with its file, lines and
 * the lines themselves, so the agent fixes exactly that.
 */
export function reviewIntentText(intentId: number, comments: readonly ReviewComment[]): string {
  const parts = [`Review of intent #${intentId}: please fix what these comments point at.`];
  for (const comment of comments) {
    const where = comment.lines
      ? `${comment.lines.path}, ${comment.lines.from === comment.lines.to ? `line ${comment.lines.from}` : `lines ${comment.lines.from}-${comment.lines.to}`}`
      : undefined;
    parts.push('');
    if (where) {
      const shown = comment.lines!.text.slice(0, QUOTED_LINES);
      const more = comment.lines!.text.length - shown.length;
      parts.push(`${where}:`, '```diff', ...shown, ...(more > 0 ? [`… (${more} more lines)`] : []), '```');
    }
    parts.push(`${where ? '' : 'About the whole change: '}${comment.text.trim()}`);
  }
  return parts.join('\n');
}
