// Parses Codex's patch format into operations. Pure: no file system; errors name the patch line.
//
//   *** Begin Patch
//   *** Add File: path          then `+` lines
//   *** Delete File: path
//   *** Update File: path       [*** Move to: path]  then hunks: `@@ [anchor]`, ` `/`-`/`+` lines, [*** End of File]
//   *** End Patch

export interface Hunk {
  /** `@@` texts, each a line to find (in order) before the hunk's old lines. */
  anchors: string[];
  /** The lines to find (context and `-`), and the lines they become (context and `+`). */
  oldLines: string[];
  newLines: string[];
  /** The marks (` `, `-`, `+`) in patch order, so context lines can keep the file's own text. */
  marks: string;
  /** `*** End of File`: the old lines must end the file. */
  atEnd: boolean;
  /** 1-based line in the patch where the hunk starts, for messages. */
  line: number;
}

export type PatchOp =
  | { type: 'add'; path: string; content: string; line: number }
  | { type: 'delete'; path: string; line: number }
  | { type: 'update'; path: string; moveTo?: string; hunks: Hunk[]; line: number };

export class PatchParseError extends Error {
  override name = 'PatchParseError';
}

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';
const ADD = '*** Add File:';
const DELETE = '*** Delete File:';
const UPDATE = '*** Update File:';
const MOVE = '*** Move to:';
const END_OF_FILE = '*** End of File';

export function parsePatch(text: string): PatchOp[] {
  const lines = unwrap(text.replace(/\r\n/g, '\n').split('\n'));
  // Line numbers in messages count from the first line the model wrote.
  const offset = lines.offset;
  const body = lines.lines;
  const fail = (index: number, message: string): never => {
    throw new PatchParseError(`Invalid patch, line ${index + offset + 1}: ${message}`);
  };
  if (body[0]?.trim() !== BEGIN) fail(0, `the patch must start with "${BEGIN}"`);
  const endIndex = body.findLastIndex((line) => line.trim() === END);
  if (endIndex <= 0) fail(body.length - 1, `the patch must end with "${END}"`);
  for (let i = endIndex + 1; i < body.length; i++) {
    if (body[i]!.trim() !== '') fail(i, `unexpected text after "${END}"`);
  }

  const ops: PatchOp[] = [];
  let i = 1;
  while (i < endIndex) {
    const header = body[i]!.trim();
    if (header === '') {
      i++;
      continue;
    }
    if (header.startsWith(ADD)) {
      const path = filePath(header, ADD, i, fail);
      const start = i++;
      const content: string[] = [];
      while (i < endIndex && !isMarker(body[i]!)) {
        const line = body[i]!;
        if (!line.startsWith('+'))
          fail(i, `every line of "${ADD} ${path}" must start with "+", got "${clip(line)}"`);
        content.push(line.slice(1));
        i++;
      }
      ops.push({
        type: 'add',
        path,
        content: content.length ? `${content.join('\n')}\n` : '',
        line: start + offset + 1,
      });
    } else if (header.startsWith(DELETE)) {
      ops.push({ type: 'delete', path: filePath(header, DELETE, i, fail), line: i + offset + 1 });
      i++;
    } else if (header.startsWith(UPDATE)) {
      const path = filePath(header, UPDATE, i, fail);
      const start = i++;
      let moveTo: string | undefined;
      if (body[i]?.trim().startsWith(MOVE)) moveTo = filePath(body[i++]!.trim(), MOVE, i - 1, fail);
      const hunks: Hunk[] = [];
      while (i < endIndex && !isMarker(body[i]!)) {
        i = parseHunk(body, i, endIndex, hunks, `${UPDATE} ${path}`, fail, offset);
      }
      if (hunks.length === 0 && moveTo === undefined) fail(start, `"${UPDATE} ${path}" has no hunks`);
      ops.push({ type: 'update', path, moveTo, hunks, line: start + offset + 1 });
    } else {
      fail(i, `expected "${ADD}", "${DELETE}" or "${UPDATE}", got "${clip(body[i]!)}"`);
    }
  }
  return ops;
}

type Fail = (index: number, message: string) => never;

// One hunk: `@@` lines (anchors; the first hunk of a file may omit them), then change lines.
function parseHunk(
  body: string[],
  start: number,
  end: number,
  hunks: Hunk[],
  where: string,
  fail: Fail,
  offset: number,
): number {
  let i = start;
  const anchors: string[] = [];
  while (i < end && body[i]!.startsWith('@@')) {
    const anchor = body[i]!.slice(2).trim();
    // A unified-diff header (`@@ -12,5 +12,6 @@`) locates nothing in this format: ignore it.
    if (anchor !== '' && !/^-\d+(,\d+)? \+\d+(,\d+)? @@/.test(anchor)) anchors.push(anchor);
    i++;
  }
  if (i === start && hunks.length > 0)
    fail(i, `expected "@@" to start the next hunk of "${where}", got "${clip(body[i]!)}"`);
  const hunk: Hunk = {
    anchors,
    oldLines: [],
    newLines: [],
    marks: '',
    atEnd: false,
    line: start + offset + 1,
  };
  // Bare empty lines at the end of a hunk are usually spacing between files, not context.
  let trailingBlank = 0;
  while (i < end && !body[i]!.startsWith('@@') && !isMarker(body[i]!) && body[i]!.trim() !== END_OF_FILE) {
    const line = body[i]!;
    const mark = line[0];
    trailingBlank = line === '' ? trailingBlank + 1 : 0;
    if (line === '' || mark === ' ') {
      hunk.oldLines.push(line.slice(1));
      hunk.newLines.push(line.slice(1));
      hunk.marks += ' ';
    } else if (mark === '-') {
      hunk.oldLines.push(line.slice(1));
      hunk.marks += '-';
    } else if (mark === '+') {
      hunk.newLines.push(line.slice(1));
      hunk.marks += '+';
    } else if (!line.startsWith('\\')) {
      // `\ No newline at end of file` is diff noise; anything else is a mistake worth naming.
      fail(i, `lines in a hunk of "${where}" must start with " ", "-" or "+", got "${clip(line)}"`);
    }
    i++;
  }
  if (trailingBlank > 0 && trailingBlank < hunk.oldLines.length) {
    hunk.oldLines.length -= trailingBlank;
    hunk.newLines.length -= trailingBlank;
    hunk.marks = hunk.marks.slice(0, -trailingBlank);
  }
  if (i < end && body[i]!.trim() === END_OF_FILE) {
    hunk.atEnd = true;
    i++;
  }
  if (hunk.oldLines.length === 0 && hunk.newLines.length === 0)
    fail(start, `a hunk of "${where}" has no lines`);
  hunks.push(hunk);
  return i;
}

function isMarker(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith('*** ') && trimmed !== END_OF_FILE;
}

function filePath(header: string, marker: string, index: number, fail: Fail): string {
  const path = header.slice(marker.length).trim();
  if (path === '') fail(index, `"${marker}" needs a path`);
  return path;
}

// Models sometimes wrap the patch in a heredoc (`apply_patch <<'EOF'` … `EOF`) or a code fence.
function unwrap(lines: string[]): { lines: string[]; offset: number } {
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first]!.trim() === '') first++;
  while (last >= first && lines[last]!.trim() === '') last--;
  const opening = lines[first]?.trim() ?? '';
  const heredoc = /^(?:apply_patch\s+)?<<-?\s*['"]?(\w+)['"]?$/.exec(opening);
  if (heredoc && lines[last]?.trim() === heredoc[1]) {
    first++;
    last--;
  } else if (opening.startsWith('```') && lines[last]?.trim() === '```') {
    first++;
    last--;
  }
  return { lines: lines.slice(first, last + 1), offset: first };
}

function clip(line: string): string {
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}
