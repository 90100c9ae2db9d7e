// Prompt assembly (pure). The prefix — instructions, tool definitions, AGENTS.md, sibling names — is
// byte-identical from request to request so prompt caching hits; everything that changes goes into
// the per-intent user message at the end.
import { z } from 'zod';
import type { Tool } from './tool.js';

export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface PromptPrefix {
  instructions: string;
  /** Sorted by name. */
  tools: ToolDefinition[];
}

export interface PrefixInput {
  projectName: string;
  tools: readonly Tool[];
  /** The project's AGENTS.md (else CLAUDE.md), already read. */
  projectInstructions?: { file: string; text: string };
  /** Names of the other projects of the workspace, for `@name` references. */
  siblings: readonly string[];
}

export const baseInstructions = `You are a coding agent working inside one git repository (the project) for a user who runs agents on several projects at once. Each user message is one intent: a task for this project.

How to work:
- Use the tools to inspect the repository before changing it: list and search files, read the relevant code, learn its conventions and how it is tested.
- Make the smallest change that does the task well. Follow the project's style. Do not reformat or rewrite unrelated code.
- Edit files with the edit and apply_patch tools; run commands (build, tests, linters) with the shell tool. Paths are relative to the project root and writes never leave it.
- After changing code, run the relevant tests or checks and fix what you broke. If something cannot be verified, say so.
- If a tool result says the user refused an action or the project is read-only, do not retry it; work around it or explain what is needed.
- Do not commit, push or rewrite git history: the app commits finished work itself.
- Ask only when the task is truly ambiguous; otherwise make a reasonable choice and state it.
- Do the current intent fully, and only it. When the context says more intents wait in the queue, they come to you next, one at a time: do not start them, and do not stop early because of them.

When you are done, answer with a short summary of what you changed and how you checked it. Its first line must work as a git commit subject: imperative mood, under 72 characters, no trailing period.`;

// Tools are fixed objects: their JSON Schema is made once, not for every intent's prefix.
const definitions = new WeakMap<Tool, ToolDefinition>();

function toolDefinition(tool: Tool): ToolDefinition {
  let definition = definitions.get(tool);
  if (!definition) {
    const { $schema: _, ...parameters } = z.toJSONSchema(tool.parameters, {
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    definition = { name: tool.name, description: tool.description, parameters };
    definitions.set(tool, definition);
  }
  return definition;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function buildPrefix(input: PrefixInput): PromptPrefix {
  const sections = [baseInstructions, `The project is "${input.projectName}".`];
  if (input.projectInstructions?.text.trim()) {
    sections.push(
      `Project instructions from ${input.projectInstructions.file} (follow them):\n\n${input.projectInstructions.text.trim()}`,
    );
  }
  // Without siblings, a sentence about them (and the reference tools) is nothing the model can use.
  const siblings = [...input.siblings].filter((name) => name !== input.projectName).sort();
  if (siblings.length) {
    sections.push(
      `Other projects in this workspace (read-only references): ${siblings.join(', ')}. Consult them with the reference tools when the user writes @name or the task needs them.`,
    );
  }
  return {
    instructions: sections.join('\n\n'),
    tools: [...input.tools].sort(byName).map(toolDefinition),
  };
}

export interface ReferenceBlock {
  /** The sibling project's name. */
  name: string;
  text: string;
}

export interface IntentMessageInput {
  text: string;
  /** One or a few lines, e.g. `branch main, 2 modified, 1 untracked`. */
  gitStatus?: string;
  /** Rendered as an ISO date (YYYY-MM-DD). */
  date?: Date;
  /** Intents waiting in the queue after this one. */
  queueWaiting?: number;
  references?: readonly ReferenceBlock[];
  /** The context block the model saw last: left out when this one is the same. */
  lastContext?: string;
  /** What changed in the workspace since the model last heard of it, one paragraph each. */
  news?: readonly string[];
}

/** The `<context>` block of an intent (date, git status, queue), or undefined when empty. */
export function contextBlock(input: IntentMessageInput): string | undefined {
  const context: string[] = [];
  if (input.date) context.push(`date: ${input.date.toISOString().slice(0, 10)}`);
  if (input.gitStatus?.trim()) context.push(`git status: ${input.gitStatus.trim()}`);
  if (input.queueWaiting && input.queueWaiting > 0) {
    const n = input.queueWaiting;
    context.push(`${n} more ${n === 1 ? 'intent waits' : 'intents wait'} in the queue after this one`);
  }
  return context.length ? `<context>\n${context.join('\n')}\n</context>` : undefined;
}

/** The user message of one intent: the task first, then the volatile context the prefix must not hold. */
export function buildIntentMessage(input: IntentMessageInput): string {
  const parts = [input.text.trim()];
  const context = contextBlock(input);
  if (context && context !== input.lastContext) parts.push(context);
  if (input.news?.length) parts.push(`<workspace-news>\n${input.news.join('\n\n')}\n</workspace-news>`);
  for (const reference of input.references ?? []) {
    parts.push(`<reference project="${reference.name}">\n${reference.text.trimEnd()}\n</reference>`);
  }
  return parts.join('\n\n');
}
