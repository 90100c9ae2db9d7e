// The prompt a context was started with, remembered with the context, and what the model has been
// told since. A change to the workspace (a sibling added or removed) or to the project's instructions
// file reaches the model as news in the next intent's message: rebuilding the prefix would send the
// whole conversation fresh. The prefix catches up only at a compaction or reset, when that is free.
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import { readProjectInstructions } from './project-instructions.js';
import { buildPrefix, contextBlock, type IntentMessageInput, type PromptPrefix } from './prompt.js';
import type { Tool } from './tool.js';
import { projectTools, referenceTools } from './tools/index.js';

const inputsSchema = z.object({
  /** The project's AGENTS.md (else CLAUDE.md). */
  instructions: z.object({ file: z.string(), text: z.string() }).optional(),
  /** The other projects of the workspace, sorted. */
  siblings: z.array(z.string()),
});

const stateSchema = z.object({
  /** What the context's prefix was built from. */
  prefix: inputsSchema,
  /** What the model knows now: the prefix plus the news it was given since. */
  told: inputsSchema,
  /** The `<context>` block of the last intent message. */
  context: z.string().optional(),
});

export type PromptInputs = z.infer<typeof inputsSchema>;
export type PromptState = z.infer<typeof stateSchema>;

/** A state read back from the database; undefined when missing or not of this shape. */
export function parsePromptState(raw: unknown): PromptState | undefined {
  const parsed = stateSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The state of a context whose prefix is built from `now` (a new context, or just compacted). */
export function freshPromptState(now: PromptInputs): PromptState {
  return { prefix: now, told: now };
}

/** The reference tools only when there are siblings to consult. */
export function toolsFor(inputs: PromptInputs): Tool[] {
  return inputs.siblings.length ? [...projectTools, ...referenceTools] : projectTools;
}

export function prefixFor(projectName: string, inputs: PromptInputs): PromptPrefix {
  return buildPrefix({
    projectName,
    tools: toolsFor(inputs),
    ...(inputs.instructions ? { projectInstructions: inputs.instructions } : {}),
    siblings: inputs.siblings,
  });
}

/** What changed since the model was last told, one short paragraph each (empty: nothing). */
export function workspaceNews(state: PromptState, now: PromptInputs): string[] {
  const news: string[] = [];
  const told = state.told;
  const added = now.siblings.filter((name) => !told.siblings.includes(name));
  const removed = told.siblings.filter((name) => !now.siblings.includes(name));
  if (added.length) {
    news.push(
      `Projects added to the workspace (read-only references): ${added.join(', ')}. ` +
        (state.prefix.siblings.length
          ? 'Consult them with the reference tools when the user writes @name or the task needs them.'
          : 'The reference tools that read them come with the next compaction of this conversation; until then the user shows you their files with @name.'),
    );
  }
  if (removed.length) {
    news.push(`Projects removed from the workspace: ${removed.join(', ')}. They can no longer be consulted.`);
  }
  const instructions = instructionsNews(told.instructions, now.instructions);
  if (instructions) news.push(instructions);
  return news;
}

type Instructions = PromptInputs['instructions'];

function instructionsNews(before: Instructions, after: Instructions): string | undefined {
  const old = before?.text.trim() ?? '';
  const text = after?.text.trim() ?? '';
  if (before?.file === after?.file && old === text) return undefined;
  if (!text) return `${before!.file} was removed from the project: its instructions no longer apply.`;
  if (!old) return `The project now has instructions in ${after!.file} (follow them):\n\n${text}`;
  if (before!.file !== after!.file) {
    return `The project's instructions now come from ${after!.file} instead of ${before!.file} (follow them):\n\n${text}`;
  }
  // A diff is shorter for a small edit of a long file; the whole text is when most of it changed.
  const patch = createTwoFilesPatch(after!.file, after!.file, `${old}\n`, `${text}\n`, undefined, undefined, {
    context: 2,
  })
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .join('\n')
    .trimEnd();
  return patch.length < text.length
    ? `${after!.file} changed since the start of this conversation; follow it as changed (a unified diff):\n\n${patch}`
    : `${after!.file} changed since the start of this conversation; follow it as it now reads:\n\n${text}`;
}

/** Where the prompt state lives (`ContextStore`): with the project's current context. */
export interface PromptStateStore {
  items(projectPath: string): readonly unknown[];
  promptState(projectPath: string): unknown;
  setPromptState(projectPath: string, state: PromptState): void;
}

/** The prompt of one intent in its context: the remembered prefix, and the news for the message. */
export class ContextPrompt {
  private state: PromptState;
  prefix: PromptPrefix;

  constructor(
    private readonly store: PromptStateStore,
    private readonly project: { name: string; path: string },
    private readonly now: PromptInputs,
  ) {
    // An empty context has nothing cached beyond the prefix: it may as well start from the workspace as it is.
    const saved = store.items(project.path).length
      ? parsePromptState(store.promptState(project.path))
      : undefined;
    this.state = saved ?? freshPromptState(now);
    this.prefix = prefixFor(project.name, this.state.prefix);
  }

  /**
   * For a compaction outside an intent (`shipyard context compact`), where the workspace is not at
   * hand: the prefix catches up with what the model was told; the next intent brings the rest.
   */
  static asTold(store: PromptStateStore, project: { name: string; path: string }): ContextPrompt {
    const saved = parsePromptState(store.promptState(project.path));
    const instructions = readProjectInstructions(project.path);
    return new ContextPrompt(
      store,
      project,
      saved?.told ?? { ...(instructions ? { instructions } : {}), siblings: [] },
    );
  }

  /** After a compaction the cache is lost anyway: the prefix catches up with the workspace. */
  compacted(): void {
    this.state = freshPromptState(this.now);
    this.prefix = prefixFor(this.project.name, this.now);
    this.store.setPromptState(this.project.path, this.state);
  }

  /** The intent message with the news and without an unchanged context block; remembers both as told. */
  intentMessage(input: IntentMessageInput): IntentMessageInput {
    const news = workspaceNews(this.state, this.now);
    const message = {
      ...input,
      ...(this.state.context ? { lastContext: this.state.context } : {}),
      ...(news.length ? { news } : {}),
    };
    const context = contextBlock(input);
    this.state = { prefix: this.state.prefix, told: this.now, ...(context ? { context } : {}) };
    this.store.setPromptState(this.project.path, this.state);
    return message;
  }
}
