// The `read_file` tool: numbered lines of a project file.
import { z } from 'zod';
import { defineTool } from '../tool.js';
import { readNumberedLines } from './read-lines.js';
import { guard } from './result.js';

export const lineRangeFields = {
  start_line: z.number().optional().describe('First line to show (1-based).'),
  end_line: z.number().optional().describe('Last line to show (inclusive); at most 2000 lines per call.'),
};

const parameters = z.object({
  path: z.string().describe('File path relative to the project root.'),
  ...lineRangeFields,
});

export const readFileTool = defineTool({
  name: 'read_file',
  description:
    'Read a text file of the project as numbered lines ("12<TAB>text"). Files over 256 KiB or 2000 lines ' +
    'need start_line/end_line. Binary files are refused.',
  parameters,
  kind: 'read',
  describe: (args) => `read_file ${args.path}${rangeText(args)}`,
  run: (args, ctx) =>
    guard(`read_file ${args.path}`, () =>
      readNumberedLines(ctx.projectRoot, args.path, args, { label: 'read_file' }),
    ),
});

export function rangeText(args: { start_line?: number; end_line?: number }): string {
  if (args.start_line === undefined && args.end_line === undefined) return '';
  return `:${args.start_line ?? 1}-${args.end_line ?? ''}`;
}
