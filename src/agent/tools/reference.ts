// The read-only reference tools: look at a sibling project of the workspace (`@api`), never write,
// never leave its root, never show files that may hold secrets.
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { findProject, type Project } from '../../model/project.js';
import { stripControls, visibleName } from '../../sanitize.js';
import { defineTool, type ToolContext, type ToolResult } from '../tool.js';
import { grepFiles } from './grep.js';
import { listFields } from './list-files.js';
import { listTree } from './list-tree.js';
import { readBranch, readDescription } from './project-info.js';
import { lineRangeFields, rangeText } from './read-file.js';
import { readNumberedLines } from './read-lines.js';
import { guard } from './result.js';
import { searchFields } from './search.js';
import { secretFilter } from './secrets.js';

const projectField = {
  project: z.string().describe('Name of a workspace project, as list_projects shows it.'),
};

export const listProjectsTool = defineTool({
  name: 'list_projects',
  description: 'List the projects of the workspace: name, branch, path and a one-line description.',
  parameters: z.object({}),
  kind: 'read',
  describe: () => 'list_projects',
  run: (_args, ctx) =>
    guard('list_projects', async () => {
      const projects = ctx.workspace?.projects ?? [];
      if (projects.length === 0)
        return { output: 'No projects in this workspace.', summary: 'list_projects → none' };
      const lines = await Promise.all(
        projects.map(async (project) => {
          const [branch, description] = await Promise.all([
            readBranch(project.path),
            readDescription(project.path),
          ]);
          const self = project.path === ctx.projectRoot ? ' (this project)' : '';
          const head = `${visibleName(project.name)}${self} [${visibleName(branch ?? 'no branch')}] ${visibleName(project.path)}`;
          return description ? `${head}\n  ${stripControls(description)}` : head;
        }),
      );
      return { output: lines.join('\n'), summary: `list_projects → ${projects.length} projects` };
    }),
});

export const searchProjectTool = defineTool({
  name: 'search_project',
  description: `Search another workspace project's files (read-only; same rules as search). Files that may hold secrets are skipped.`,
  parameters: z.object({ ...projectField, ...searchFields }),
  kind: 'read',
  describe: (args) => `search_project ${args.project} /${args.query}/${args.path ? ` in ${args.path}` : ''}`,
  run: (args, ctx) =>
    inProject(ctx, args.project, `search_project ${args.project} /${args.query}/`, (project, deny) =>
      grepFiles(project.path, args.query, args.path, {
        deny,
        label: `search_project ${project.name}`,
        signal: ctx.signal,
        indexed: true,
      }),
    ),
});

export const readProjectFileTool = defineTool({
  name: 'read_project_file',
  description: `Read a file of another workspace project as numbered lines (read-only; same rules as read_file). Files that may hold secrets are refused.`,
  parameters: z.object({
    ...projectField,
    path: z.string().describe('File path relative to that project root.'),
    ...lineRangeFields,
  }),
  kind: 'read',
  describe: (args) => `read_project_file ${args.project} ${args.path}${rangeText(args)}`,
  run: (args, ctx) =>
    inProject(ctx, args.project, `read_project_file ${args.project} ${args.path}`, (project, deny) =>
      readNumberedLines(project.path, args.path, args, { deny, label: `read_project_file ${project.name}` }),
    ),
});

export const listProjectFilesTool = defineTool({
  name: 'list_project_files',
  description: `List another workspace project's files as a tree (read-only; same rules as list_files).`,
  parameters: z.object({ ...projectField, ...listFields }),
  kind: 'read',
  describe: (args) => `list_project_files ${args.project} ${args.path ?? '.'}`,
  run: (args, ctx) =>
    inProject(ctx, args.project, `list_project_files ${args.project}`, (project, deny) =>
      listTree(project.path, args.path, args.depth, {
        deny,
        label: `list_project_files ${project.name}`,
        signal: ctx.signal,
      }),
    ),
});

function inProject(
  ctx: ToolContext,
  name: string,
  summary: string,
  body: (project: Project, deny: ReturnType<typeof secretFilter>) => Promise<ToolResult>,
): Promise<ToolResult> {
  return guard(summary, async () => {
    if (!ctx.workspace)
      throw new UserError('No workspace is open, so there are no other projects to consult');
    return body(findProject(ctx.workspace, name), secretFilter(ctx.denyPatterns));
  });
}
