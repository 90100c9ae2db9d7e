// The `edit_file` tool: replace one exact, unique piece of text (or create a file).
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { assertOneLink, assertWritable, resolveInsideRoot } from '../safe-path.js';
import { defineTool } from '../tool.js';
import { count, guard } from './result.js';

const parameters = z.object({
  path: z.string().describe('File path relative to the project root.'),
  old_string: z
    .string()
    .describe(
      'Exact text to replace, including whitespace; must occur exactly once. Empty to create a new file.',
    ),
  new_string: z.string().describe('The replacement text (the whole content when creating a file).'),
});

export const editFileTool = defineTool({
  name: 'edit_file',
  description:
    'Replace one exact occurrence of old_string with new_string in a file. old_string must match exactly ' +
    '(whitespace included) and be unique: add surrounding lines to disambiguate. With an empty old_string, ' +
    'creates the file (it must not exist yet). For several changes at once, use apply_patch.',
  parameters,
  kind: 'write',
  describe: (args) => `edit_file ${args.path}`,
  approvalDetail: (args) =>
    [
      `edit_file ${args.path}`,
      ...(args.old_string === '' ? ['(a new file)'] : args.old_string.split('\n').map((l) => `- ${l}`)),
      ...args.new_string.split('\n').map((l) => `+ ${l}`),
    ].join('\n'),
  run: (args, ctx) =>
    guard(`edit_file ${args.path}`, async () => {
      const { abs, rel } = await resolveInsideRoot(ctx.projectRoot, args.path);
      assertWritable(rel);
      await assertOneLink(abs, rel);
      const current = await fs.readFile(abs, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        if (error.code === 'EISDIR') throw new UserError(`"${rel}" is a folder, not a file`);
        throw error;
      });
      if (args.old_string === '') {
        if (current !== undefined && current !== '') {
          throw new UserError(
            `"${rel}" already exists; to change it, give the exact text to replace in old_string`,
          );
        }
        await fs.mkdir(path.dirname(abs), { recursive: true });
        await fs.writeFile(abs, args.new_string);
        ctx.changedFiles.add(rel);
        const lines = countLines(args.new_string);
        return {
          output: `Created ${rel} (${count(lines, 'line')})`,
          summary: `edit_file ${rel} (created, ${count(lines, 'line')})`,
        };
      }
      if (current === undefined) {
        throw new UserError(`"${rel}" does not exist; to create it, pass an empty old_string`);
      }
      const { oldText, newText } = matchLineEndings(current, args.old_string, args.new_string);
      const at = findUnique(current, oldText, rel);
      await fs.writeFile(abs, current.slice(0, at) + newText + current.slice(at + oldText.length));
      ctx.changedFiles.add(rel);
      const line = lineOf(current, at);
      const removed = countLines(oldText);
      const added = countLines(newText);
      return {
        output: `Edited ${rel}: replaced lines ${line}-${line + removed - 1} with ${count(added, 'line')}`,
        summary: `edit_file ${rel} (+${added} −${removed})`,
      };
    }),
});

function findUnique(text: string, needle: string, rel: string): number {
  const first = text.indexOf(needle);
  if (first === -1) {
    const near = looseMatchLine(text, needle);
    const hint = near
      ? ` A match that differs only in whitespace starts at line ${near}; copy the text exactly.`
      : ' Read the file again (read_file) and copy the exact text, including indentation.';
    throw new UserError(`old_string not found in "${rel}".${hint}`);
  }
  const lines = [lineOf(text, first)];
  for (let at = text.indexOf(needle, first + 1); at !== -1; at = text.indexOf(needle, at + 1))
    lines.push(lineOf(text, at));
  if (lines.length > 1) {
    throw new UserError(
      `old_string matches ${lines.length} times in "${rel}" (lines ${lines.slice(0, 10).join(', ')}); include more surrounding lines so it matches once`,
    );
  }
  return first;
}

// Models write `\n`; a CRLF file would never match. Translate both strings when that is the only difference.
function matchLineEndings(text: string, oldText: string, newText: string) {
  if (text.includes(oldText) || !text.includes('\r\n') || oldText.includes('\r')) return { oldText, newText };
  const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
  return { oldText: crlf(oldText), newText: crlf(newText) };
}

/** Line number where `needle` matches if runs of whitespace are ignored, for the error hint. */
function looseMatchLine(text: string, needle: string): number | undefined {
  const words = needle.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const pattern = new RegExp(words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'));
  const match = pattern.exec(text);
  return match ? lineOf(text, match.index) : undefined;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

function countLines(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}
