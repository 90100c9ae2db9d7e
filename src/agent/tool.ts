// The contract between the agent loop and its tools. Tool names and argument names are public:
// models see them, tests and docs name them. Schemas are zod, turned into JSON Schema for the API.
import type { z } from 'zod';
import type { Workspace } from '../model/project.js';
import type { CommandFence } from '../sandbox/fence.js';

export interface ToolContext {
  /** Real path of the project's repository root. Writes never leave it. */
  projectRoot: string;
  /** Aborted when the user cancels the turn: tools stop and kill their process group. */
  signal: AbortSignal;
  /** Default timeout for `shell`, in ms (SHIPYARD_COMMAND_TIMEOUT seconds or settings). */
  commandTimeoutMs: number;
  /** The whole workspace, for the read-only reference tools. */
  workspace?: Workspace;
  /** Extra deny patterns (gitignore syntax) for files the reference tools refuse to read. */
  denyPatterns?: string[];
  /** Paths (relative to projectRoot, `/`-separated) the agent wrote during this intent. */
  changedFiles: Set<string>;
  /** The fence for `shell` commands; without one they run plain (tests of the tool itself). */
  sandbox?: CommandFence;
  /** Told before and after each command what it changed: exactly (`written`, from its overlay) or only when it ran. */
  commandChanges?: {
    before(): Promise<void>;
    after(done: CommandDone): Promise<void>;
  };
  /** Told about each command's process group, so a later start can kill what a crash left behind. */
  commandGroups?: { started(pgid: number): void; ended(pgid: number): void };
}

export interface CommandDone {
  startedAt: number;
  endedAt: number;
  /** Paths the command wrote or deleted, known exactly; undefined when it ran without an overlay. */
  written?: string[];
  /** Paths it changed that the user changed too meanwhile: left as the user has them. */
  conflicts?: string[];
}

export interface ToolResult {
  /** What the model sees. The loop caps it at 32 KiB (head + tail) before sending. */
  output: string;
  /** One line for the pane and the log, e.g. `shell npm test → exit 1`. */
  summary: string;
  isError?: boolean;
}

/** `read` tools run under every policy; `write` and `exec` wait for approval under `ask` and are refused under `read-only`. */
export type ToolKind = 'read' | 'write' | 'exec';

export interface Tool<Schema extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: Schema;
  kind: ToolKind;
  /** One line describing the call before it runs (approval prompt, pane). */
  describe(args: z.infer<Schema>): string;
  /** A reason to run outside the sandbox: the call then always waits for the user's approval. */
  escalation?(args: z.infer<Schema>): string | undefined;
  /** The whole action an approval shows before it runs (every line of a command, the whole patch); `describe` when absent. */
  approvalDetail?(args: z.infer<Schema>): string;
  run(args: z.infer<Schema>, ctx: ToolContext): Promise<ToolResult>;
}

/** Helps TypeScript infer a tool's argument type from its schema. */
export function defineTool<Schema extends z.ZodType>(tool: Tool<Schema>): Tool<Schema> {
  return tool;
}
