// `shipyard mcp [--project <name>]`: the workspace's read-only reference tools as a stdio MCP server.
import { serveMcp } from '../../engines/mcp-server.js';
import { findProject } from '../../model/project.js';
import type { CliEnv } from '../env.js';

export async function mcpCommand(env: CliEnv, options: { project?: string; version: string }): Promise<void> {
  const workspace = env.workspace;
  // Checked before serving, so a wrong name is one line on stderr, not a server that lies.
  const project = options.project ? findProject(workspace, options.project) : undefined;
  await serveMcp({
    workspace,
    denyPatterns: env.settings.references.deny,
    projectRoot: project?.path,
    version: options.version,
  });
}
