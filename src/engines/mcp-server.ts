// `shipyard mcp`: the read-only reference tools (list_projects, search_project, read_project_file,
// list_project_files) as a stdio MCP server, so any MCP client — and the Codex and Claude engines —
// can consult the workspace's projects under the same rules as Shipyard's own agent: never a write,
// never outside a project's root, never a file that may hold secrets.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { z } from 'zod';
import type { Tool, ToolContext } from '../agent/tool.js';
import { referenceTools } from '../agent/tools/index.js';
import { capToolOutput } from '../agent/truncate.js';
import type { Workspace } from '../model/project.js';

export interface McpOptions {
  workspace: Workspace;
  /** Extra deny patterns (settings `references.deny`). */
  denyPatterns: string[];
  /** The project the client works in: `list_projects` marks it. */
  projectRoot?: string;
  version: string;
}

/** An MCP server holding the four reference tools; not yet connected to a transport. */
export function referenceServer(options: McpOptions): McpServer {
  const server = new McpServer({ name: 'shipyard', version: options.version });
  for (const tool of referenceTools) register(server, tool, options);
  return server;
}

function register(server: McpServer, tool: Tool, options: McpOptions): void {
  server.registerTool(
    tool.name,
    {
      description: tool.description,
      // The tools' own zod schemas: the SDK validates the arguments with them.
      inputSchema: tool.parameters as z.ZodObject,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args: unknown, extra: { signal: AbortSignal }) => {
      const ctx: ToolContext = {
        projectRoot: options.projectRoot ?? '',
        signal: extra.signal,
        commandTimeoutMs: 0,
        workspace: options.workspace,
        denyPatterns: options.denyPatterns,
        changedFiles: new Set(),
      };
      try {
        const result = await tool.run(args, ctx);
        return {
          content: [{ type: 'text' as const, text: capToolOutput(result.output) }],
          isError: result.isError ?? false,
        };
      } catch (error) {
        // An unexpected failure is the tool's answer, never a crash of the server (or a stack trace).
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        return {
          content: [{ type: 'text' as const, text: `${tool.name} failed: ${message}` }],
          isError: true,
        };
      }
    },
  );
}

/** Serves on stdin/stdout until the client closes the stream. */
export async function serveMcp(options: McpOptions): Promise<void> {
  const server = referenceServer(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
