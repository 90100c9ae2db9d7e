// The `search` tool: a regular expression over the project's files, with git grep.
import { z } from 'zod';
import { defineTool } from '../tool.js';
import { grepFiles } from './grep.js';
import { guard } from './result.js';

export const searchFields = {
  query: z.string().describe('Extended regular expression (git grep -E), case-sensitive.'),
  path: z
    .string()
    .optional()
    .describe('Folder or file to search in, relative to the root (default: everything).'),
};

export const searchTool = defineTool({
  name: 'search',
  description:
    'Search file contents with a regular expression (git grep -E: tracked and untracked files, .gitignore ' +
    'honoured, binaries skipped). Returns "path:line:text", at most 200 matches.',
  parameters: z.object(searchFields),
  kind: 'read',
  describe: (args) => `search /${args.query}/${args.path ? ` in ${args.path}` : ''}`,
  run: (args, ctx) =>
    guard(`search /${args.query}/`, () =>
      grepFiles(ctx.projectRoot, args.query, args.path, { label: 'search', signal: ctx.signal }),
    ),
});
