// The blocks an intent's `@name` mentions put into its user message (never the stable prefix): per
// sibling project its place, the requested files, AGENTS.md, README and tree, within the token budget.

import type { Intent } from '../model/intent.js';
import { findProject, type Project, type Workspace } from '../model/project.js';
import type { Settings } from '../store/settings.js';
import { CHARS_PER_TOKEN, fairShares, fitSections, fullSize } from './mention-budget.js';
import { readProjectSections } from './mention-sections.js';
import { type Mention, resolveMentions } from './mentions.js';
import type { ReferenceBlock } from './prompt.js';
import { secretFilter } from './tools/secrets.js';

export interface MentionBlock extends ReferenceBlock {
  /** What the block holds, e.g. `AGENTS.md`, `README.md`, `tree`, `src/retry.ts#L10-40`, `.env (refused)`. */
  consulted: string[];
}

export interface ReferenceBlockOptions {
  /** For all blocks together; tokens ≈ characters / 4. */
  tokenBudget: number;
  /** gitignore-style patterns refused on top of the built-in secret patterns. */
  denyPatterns?: string[];
}

/** One block per mentioned project, in the order of first mention, together within the budget. */
export async function buildReferenceBlocks(
  mentions: readonly Mention[],
  workspace: Workspace,
  options: ReferenceBlockOptions,
): Promise<MentionBlock[]> {
  const byProject = new Map<string, Mention[]>();
  for (const mention of mentions) {
    byProject.set(mention.project, [...(byProject.get(mention.project) ?? []), mention]);
  }
  const deny = secretFilter(options.denyPatterns);
  const projects = await Promise.all(
    [...byProject].map(([name, its]) => readProjectSections(findProject(workspace, name), its, deny)),
  );
  const ordered = projects.map((project) => [...project.files, ...project.context]);
  const shares = fairShares(
    projects.map((project, index) => fullSize(project.header, ordered[index]!)),
    options.tokenBudget * CHARS_PER_TOKEN,
  );
  return projects.map((project, index) => {
    const fitted = fitSections(project.header, ordered[index]!, shares[index]!);
    const included = new Set(fitted.included);
    const labels = (sections: { label: string }[]) =>
      sections.map((section) => section.label).filter((label) => included.has(label));
    return {
      name: project.project.name,
      text: fitted.text,
      // Context first, as a reader scans it: which sibling, which of its docs, then which files.
      consulted: [...labels(project.context), ...labels(project.files), ...project.refused],
    };
  });
}

/** `references: @api (AGENTS.md, README.md, tree, src/retry.ts#L10-40)`, for the pane and the log. */
export function consultedLine(blocks: readonly MentionBlock[]): string {
  const parts = blocks.map(
    (block) => `@${block.name} (${block.consulted.join(', ') || 'nothing fit the budget'})`,
  );
  return `references: ${parts.join(', ')}`;
}

export type ReferencesFn = (intent: Intent, project: Project) => Promise<MentionBlock[]>;

/**
 * What the intent executor takes as `references`: the intent's mentions (text and refs) resolved —
 * an unknown project throws before anything is sent — and turned into blocks. The executor says
 * what was consulted (`consultedLine`) in the intent's feed.
 */
export function referencesFor(
  settings: () => Pick<Settings, 'references'>,
  workspace: Workspace,
): ReferencesFn {
  return async (intent, project) => {
    const mentions = resolveMentions(intent.text, intent.refs, workspace, project.name);
    if (mentions.length === 0) return [];
    const { tokenBudget, deny } = settings().references;
    return buildReferenceBlocks(mentions, workspace, { tokenBudget, denyPatterns: deny });
  };
}
