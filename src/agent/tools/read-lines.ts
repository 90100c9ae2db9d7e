// Reads a text file as numbered lines (`12\ttext`); shared by `read_file` and `read_project_file`.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UserError } from '../../errors.js';
import { assertOneLink, resolveInsideRoot } from '../safe-path.js';
import type { ToolResult } from '../tool.js';
import { assertAllowed, type DenyCheck } from './secrets.js';

/** Without a range, files above either limit are refused with a hint to ask for a range. */
export const MAX_WHOLE_FILE_BYTES = 256 * 1024;
export const MAX_LINES = 2000;
const SNIFF_BYTES = 8192;

export interface LineRange {
  start_line?: number;
  end_line?: number;
}

export interface ReadOptions {
  deny?: DenyCheck;
  /** Name used in summaries, e.g. `read_file` or `read_project_file api`. */
  label: string;
}

export async function readNumberedLines(
  root: string,
  userPath: string,
  range: LineRange,
  options: ReadOptions,
): Promise<ToolResult> {
  const { abs, rel, requestedRel } = await resolveInsideRoot(root, userPath);
  const stat = await fs.stat(abs).catch(() => undefined);
  assertAllowed(options.deny, stat?.isDirectory() ?? false, requestedRel, rel);
  if (!stat) throw new UserError(`File "${rel}" does not exist`);
  if (stat.isDirectory())
    throw new UserError(`"${rel}" is a folder; list it with the files listing tool instead`);
  if (!stat.isFile()) throw new UserError(`"${rel}" is not a regular file`);
  await assertOneLink(abs, rel);
  if (await looksBinary(abs)) throw new UserError(`"${rel}" looks binary (it contains NUL bytes); not shown`);

  const hasRange = range.start_line !== undefined || range.end_line !== undefined;
  const start = range.start_line ?? 1;
  if (!Number.isInteger(start) || start < 1)
    throw new UserError(`start_line must be a whole number ≥ 1, got ${start}`);
  if (!hasRange && stat.size > MAX_WHOLE_FILE_BYTES) {
    throw new UserError(
      `"${rel}" is ${Math.round(stat.size / 1024)} KiB, too big to read whole; ask for a part with start_line/end_line (at most ${MAX_LINES} lines)`,
    );
  }
  const end = range.end_line ?? start + MAX_LINES - 1;
  if (!Number.isInteger(end) || end < start)
    throw new UserError(`end_line must be a whole number ≥ start_line (${start}), got ${end}`);
  if (end - start + 1 > MAX_LINES) {
    throw new UserError(
      `Asked for ${end - start + 1} lines; read at most ${MAX_LINES} at a time (narrow start_line/end_line)`,
    );
  }

  const { lines, total } = await collectLines(abs, start, hasRange ? end : Number.POSITIVE_INFINITY);
  if (!hasRange && total > MAX_LINES) {
    throw new UserError(
      `"${rel}" has ${total} lines, too many to read whole; ask for a part with start_line/end_line (at most ${MAX_LINES} lines)`,
    );
  }
  const summary = `${options.label} ${rel}`;
  if (total === 0) return { output: `(${rel} is empty)`, summary: `${summary} (empty)` };
  if (start > total)
    throw new UserError(`"${rel}" has only ${total} lines; start_line ${start} is past the end`);
  const last = start + lines.length - 1;
  const body = lines.map((line, index) => `${start + index}\t${line}`).join('\n');
  const note = total > last ? `\n(lines ${start}-${last} shown; the file continues)` : '';
  return { output: `${body}${note}`, summary: `${summary}:${start}-${last}` };
}

// Streams the file so a range out of a 1 GB log costs only what is read up to its end.
async function collectLines(abs: string, start: number, end: number) {
  const lines: string[] = [];
  let total = 0;
  const stream = createReadStream(abs, { encoding: 'utf8' });
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of reader) {
      total++;
      if (total >= start && total <= end) lines.push(line);
      // One line past the end tells whether more follow.
      if (total > end) break;
    }
  } finally {
    reader.close();
    stream.destroy();
  }
  return { lines, total };
}

async function looksBinary(abs: string): Promise<boolean> {
  const handle = await fs.open(abs, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead).includes(0);
  } finally {
    await handle.close();
  }
}
