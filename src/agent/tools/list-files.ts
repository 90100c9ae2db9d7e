// The `list_files` tool: the project's files as a tree, .gitignore honoured.
import { z } from 'zod';
import { defineTool } from '../tool.js';
import { listTree } from './list-tree.js';
import { guard } from './result.js';

export const listFields = {
  path: z.string().optional().describe('Folder to list, relative to the root (default: the root).'),
  depth: z.number().optional().describe('How many folder levels to expand (default 3).'),
};

export const listFilesTool = defineTool({
  name: 'list_files',
  description:
    'List the project files as a tree (folders end with "/"), skipping what .gitignore ignores. ' +
    'Folders beyond the depth show their file count.',
  parameters: z.object(listFields),
  kind: 'read',
  describe: (args) => `list_files ${args.path ?? '.'}`,
  run: (args, ctx) =>
    guard(`list_files ${args.path ?? '.'}`, () =>
      listTree(ctx.projectRoot, args.path, args.depth, { label: 'list_files', signal: ctx.signal }),
    ),
});
