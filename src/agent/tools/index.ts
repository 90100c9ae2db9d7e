// Every tool the agent can call, in the order the model sees them (keep it stable: prompt caching).
import type { Tool } from '../tool.js';
import { applyPatchTool } from './apply-patch.js';
import { editFileTool } from './edit-file.js';
import { listFilesTool } from './list-files.js';
import { readFileTool } from './read-file.js';
import {
  listProjectFilesTool,
  listProjectsTool,
  readProjectFileTool,
  searchProjectTool,
} from './reference.js';
import { searchTool } from './search.js';
import { shellTool } from './shell.js';

/** Tools that work on the agent's own project. */
export const projectTools: Tool[] = [
  shellTool,
  readFileTool,
  listFilesTool,
  searchTool,
  editFileTool,
  applyPatchTool,
];

/** Read-only tools that consult sibling projects of the workspace. */
export const referenceTools: Tool[] = [
  listProjectsTool,
  searchProjectTool,
  readProjectFileTool,
  listProjectFilesTool,
];

const byName = new Map<string, Tool>([...projectTools, ...referenceTools].map((tool) => [tool.name, tool]));

export function toolByName(name: string): Tool | undefined {
  return byName.get(name);
}
