// Reads what a reference block shows of one mentioned project — the requested files, its AGENTS.md,
// README and file tree — through the same read-only, secret-refusing functions as the reference tools.

import { errorMessage } from '../errors.js';
import type { Project } from '../model/project.js';
import type { Section } from './mention-budget.js';
import type { Mention } from './mentions.js';
import { PathError } from './safe-path.js';
import { listTree } from './tools/list-tree.js';
import { readBranch } from './tools/project-info.js';
import { MAX_LINES, readNumberedLines } from './tools/read-lines.js';
import type { DenyCheck } from './tools/secrets.js';

const INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md'];
const README_FILES = ['README.md', 'README', 'README.markdown', 'README.rst', 'README.txt', 'readme.md'];
/** Heads only: the budget cuts further, and the agent can read on with read_project_file. */
const INSTRUCTION_LINES = 80;
const README_LINES = 40;
const TREE_DEPTH = 2;

export interface ProjectSections {
  project: Project;
  /** Where the project is, and one line per requested file that was refused or could not be read. */
  header: string;
  /** The requested files (or line ranges), first in the block. */
  files: Section[];
  /** AGENTS.md (else CLAUDE.md), README and tree heads, in that order, after the files. */
  context: Section[];
  /** Labels of requested files that were not shown, e.g. `.env (refused)`. */
  refused: string[];
}

interface Refusal {
  /** `.env (refused)` */
  refused: string;
  /** One line for the block: the file and why, never its content. */
  note: string;
}

/** `src/retry.ts#L10-40`, `src/retry.ts#L10` or `src/retry.ts`. */
export function fileLabel(mention: Pick<Mention, 'path' | 'startLine' | 'endLine'>): string {
  const { path, startLine, endLine } = mention;
  if (startLine === undefined) return path ?? '';
  return `${path}#L${startLine}${endLine !== undefined && endLine !== startLine ? `-${endLine}` : ''}`;
}

export async function readProjectSections(
  project: Project,
  mentions: readonly Mention[],
  deny: DenyCheck,
): Promise<ProjectSections> {
  const label = `reference ${project.name}`;
  const files = new Map<string, Mention>();
  for (const mention of mentions) if (mention.path) files.set(fileLabel(mention), mention);

  const readFile = async (mention: Mention): Promise<Section | Refusal> => {
    const start = mention.startLine ?? 1;
    // A range longer than one read allows shows its first part; the budget would cut it anyway.
    const end = Math.min(mention.endLine ?? start + MAX_LINES - 1, start + MAX_LINES - 1);
    const name = fileLabel(mention);
    try {
      const result = await readNumberedLines(
        project.path,
        mention.path!,
        { start_line: start, end_line: end },
        { deny, label },
      );
      return { label: name, title: name, body: result.output };
    } catch (error) {
      // The message names the file and the rule, never its content.
      const why = error instanceof PathError ? 'refused' : 'not read';
      return { refused: `${name} (${why})`, note: `${name} ${why}: ${errorMessage(error)}` };
    }
  };

  const [branch, requested, instructions, readme, tree] = await Promise.all([
    readBranch(project.path),
    Promise.all([...files.values()].map(readFile)),
    firstHead(project.path, INSTRUCTION_FILES, INSTRUCTION_LINES, deny, label),
    firstHead(project.path, README_FILES, README_LINES, deny, label),
    listTree(project.path, '.', TREE_DEPTH, { deny, label })
      .then(
        (result): Section => ({
          label: 'tree',
          title: `file tree (depth ${TREE_DEPTH})`,
          body: result.output,
        }),
      )
      .catch(() => undefined),
  ]);
  const refusals = requested.filter((entry): entry is Refusal => 'refused' in entry);
  const header = [
    `@${project.name}: ${project.path} (${branch ? `branch ${branch}` : 'branch unknown'}), a read-only reference; read more with read_project_file, search_project and list_project_files.`,
    ...refusals.map((refusal) => refusal.note),
  ].join('\n');
  const shown = requested.filter((entry): entry is Section => !('refused' in entry));
  const asked = new Set(shown.map((section) => section.label));
  const context = [instructions, readme, tree].filter(
    (section): section is Section => section !== undefined && !asked.has(section.label),
  );
  return {
    project,
    header,
    files: shown,
    context,
    refused: refusals.map((refusal) => refusal.refused),
  };
}

/** The head of the first of `names` that can be read, as numbered lines. */
async function firstHead(
  root: string,
  names: readonly string[],
  lines: number,
  deny: DenyCheck,
  label: string,
): Promise<Section | undefined> {
  for (const name of names) {
    const result = await readNumberedLines(
      root,
      name,
      { start_line: 1, end_line: lines },
      { deny, label },
    ).catch(() => undefined);
    if (result) return { label: name, title: `${name} (head)`, body: result.output };
  }
  return undefined;
}
