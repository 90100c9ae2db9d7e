// Applies the hunks of one `*** Update File` to a file's text. Pure: text in, text out, or an error
// that names the hunk and the line that could not be found.
import type { Hunk } from './parse.js';

export class HunkError extends Error {
  override name = 'HunkError';
}

type Same = (line: string, wanted: string) => boolean;
// Exact first; then forgiving of trailing whitespace, which models and editors disagree about.
const COMPARATORS: Same[] = [(a, b) => a === b, (a, b) => a.trimEnd() === b.trimEnd()];
// Anchors (`@@ function retry`) name a line loosely: models drop indentation and the rest of the line.
const ANCHOR_COMPARATORS: Same[] = [
  ...COMPARATORS,
  (a, b) => a.trim() === b.trim(),
  (a, b) => a.includes(b.trim()),
];

/** `where` prefixes messages, e.g. `Update File src/a.ts`. */
export function applyHunks(content: string, hunks: Hunk[], where: string): string {
  const eol = content.includes('\r\n') ? '\r\n' : '\n';
  const lines =
    content === ''
      ? []
      : content.split('\n').map((line) => (eol === '\r\n' ? line.replace(/\r$/, '') : line));
  const finalNewline = content === '' || content.endsWith('\n');
  if (finalNewline && lines.length > 0) lines.pop();

  const edits: { at: number; remove: number; insert: string[] }[] = [];
  let cursor = 0;
  hunks.forEach((hunk, index) => {
    const label = `${where}: hunk ${index + 1}${hunk.anchors.length ? ` (@@ ${hunk.anchors.join(' @@ ')})` : ''}`;
    for (const anchor of hunk.anchors) {
      const found = seek(lines, [anchor], cursor, false, ANCHOR_COMPARATORS);
      if (found === undefined)
        throw new HunkError(
          `${label} anchor not found: "@@ ${anchor}"${order(lines, [anchor], cursor, ANCHOR_COMPARATORS)}`,
        );
      cursor = found + 1;
    }
    if (hunk.oldLines.length === 0) {
      // Pure insertion: after the anchor when there is one, else at the end of the file.
      const at = hunk.anchors.length ? cursor : lines.length;
      edits.push({ at, remove: 0, insert: hunk.newLines });
      cursor = at;
      return;
    }
    const found = seek(lines, hunk.oldLines, cursor, hunk.atEnd, COMPARATORS);
    if (found === undefined) {
      const first = hunk.oldLines.find((line) => line.trim() !== '') ?? hunk.oldLines[0]!;
      throw new HunkError(
        `${label} context not found: "${clip(first)}"${order(lines, hunk.oldLines, cursor, COMPARATORS)}`,
      );
    }
    edits.push({ at: found, remove: hunk.oldLines.length, insert: replacement(hunk, lines, found) });
    cursor = found + hunk.oldLines.length;
  });

  // Back to front, so earlier positions stay valid.
  for (const edit of edits.reverse()) lines.splice(edit.at, edit.remove, ...edit.insert);
  if (lines.length === 0) return '';
  return lines.join(eol) + (finalNewline ? eol : '');
}

// The hunk's new lines, with context lines as the file has them (a context line matched while
// ignoring trailing whitespace must not lose that whitespace).
function replacement(hunk: Hunk, lines: string[], at: number): string[] {
  const out: string[] = [];
  let old = 0;
  let added = 0;
  for (const mark of hunk.marks) {
    if (mark === ' ') {
      out.push(lines[at + old]!);
      old++;
      added++;
    } else if (mark === '-') {
      old++;
    } else {
      out.push(hunk.newLines[added]!);
      added++;
    }
  }
  return out;
}

/** Index where `pattern` starts at or after `from` (at the very end first, for `*** End of File`). */
function seek(
  lines: string[],
  pattern: string[],
  from: number,
  atEnd: boolean,
  comparators: Same[],
): number | undefined {
  for (const same of comparators) {
    const matches = (at: number) => pattern.every((wanted, offset) => same(lines[at + offset]!, wanted));
    const last = lines.length - pattern.length;
    if (atEnd && last >= from && matches(last)) return last;
    for (let at = from; at <= last; at++) if (matches(at)) return at;
  }
  return undefined;
}

// When the lines exist before the cursor, the hunks were out of order: say so, it is the fix.
function order(lines: string[], pattern: string[], cursor: number, comparators: Same[]): string {
  if (cursor === 0) return '';
  return seek(lines.slice(0, cursor + pattern.length - 1), pattern, 0, false, comparators) === undefined
    ? ''
    : ' after the previous hunk (it appears earlier: hunks must follow the file order)';
}

function clip(line: string): string {
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
