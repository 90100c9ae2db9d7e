// `@name` references in an intent's text: `@api`, `@api:src/retry.ts`, `@api:src/retry.ts#L10-40`.
// Parsing is pure; resolving checks every name against the workspace before anything reaches the model.

import { UserError } from '../errors.js';
import type { Workspace } from '../model/project.js';

export interface Mention {
  /** The mention as written, e.g. `@api:src/retry.ts#L10-40` (`@api` for one from the intent's refs). */
  raw: string;
  /** Project name as written (after resolving: the workspace's spelling). */
  project: string;
  /** File path relative to that project's root. */
  path?: string;
  /** 1-based; `#L10` alone asks for the single line 10. */
  startLine?: number;
  endLine?: number;
  /** Offset of the `@` in the text; -1 for a mention that came from the intent's refs. */
  index: number;
}

// At the start of a line or after whitespace or `(`, so `me@host.com` is not a mention. Names may hold
// `/` because pinned projects with clashing folder names are called `parent/name`.
const MENTION =
  /(?<=^|[\s(])@([A-Za-z0-9_][A-Za-z0-9._\-/]*)(?::([^\s#]*)(?:#[Ll](\d+)(?:-[Ll]?(\d+))?)?)?/gm;
const TRAILING = /[.,;:!?)]+$/;

export function parseMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of withoutCode(text).matchAll(MENTION)) {
    let [raw, project, path, start, end] = match as unknown as (string | undefined)[];
    if (start === undefined) {
      // Sentence punctuation after a mention belongs to the sentence: `see @api.` or `(@api:x.ts)`.
      if (path !== undefined) {
        path = path.replace(TRAILING, '');
        raw = `@${project}${path ? `:${path}` : ''}`;
      } else {
        project = project!.replace(TRAILING, '');
        raw = `@${project}`;
      }
    }
    if (!project) continue;
    const mention: Mention = { raw: raw!, project, index: match.index };
    if (path) mention.path = path;
    if (path && start !== undefined) {
      mention.startLine = Number(start);
      mention.endLine = Number(end ?? start);
    }
    mentions.push(mention);
  }
  return mentions;
}

// `@Component` in a code span or a fenced block is code, not a reference: blank it out, keeping
// offsets so `index` still points into the original text.
function withoutCode(text: string): string {
  const blank = (code: string) => code.replace(/[^\n]/g, ' ');
  return text.replace(/^```[^\n]*\n[\s\S]*?(?:^```[^\n]*$|(?![\s\S]))/gm, blank).replace(/`[^`\n]*`/g, blank);
}

/**
 * The intent's mentions (text and refs, e.g. `shipyard queue --from api`) checked against the workspace.
 * Throws a one-line UserError for an unknown project or a bad line range. Mentions of `selfName` (the
 * agent's own project) are allowed and left out: the agent already works in that repository.
 */
export function resolveMentions(
  text: string,
  refs: readonly string[],
  workspace: Workspace,
  selfName?: string,
): Mention[] {
  const fromRefs = refs
    .map((ref) => ref.trim().replace(/^@/, ''))
    .filter(Boolean)
    .map((project): Mention => ({ raw: `@${project}`, project, index: -1 }));
  const mentions = [...parseMentions(text), ...fromRefs];
  const names = new Map(workspace.projects.map((project) => [project.name, project.name]));
  const folded = new Map<string, string[]>();
  for (const name of names.keys()) {
    folded.set(name.toLowerCase(), [...(folded.get(name.toLowerCase()) ?? []), name]);
  }
  // Exact spelling first; `@API` still finds `api` when no other project differs only by case.
  const canonical = (name: string) => {
    const same = folded.get(name.toLowerCase());
    return names.get(name) ?? (same?.length === 1 ? same[0] : undefined);
  };
  const unknown = [...new Set(mentions.filter((m) => !canonical(m.project)).map((m) => `@${m.project}`))];
  if (unknown.length > 0) {
    const known = [...names.keys()].join(', ') || '(none)';
    const what = unknown.length === 1 ? 'project' : 'projects';
    throw new UserError(`unknown ${what} ${unknown.join(', ')}; known projects: ${known}`);
  }
  const resolved: Mention[] = [];
  for (const mention of mentions) {
    const project = canonical(mention.project)!;
    if (project === selfName) continue;
    const { startLine, endLine } = mention;
    if (startLine !== undefined && (startLine < 1 || endLine! < startLine)) {
      throw new UserError(
        `bad line range in ${mention.raw}: lines start at 1 and the end may not come before the start`,
      );
    }
    resolved.push({ ...mention, project });
  }
  return resolved;
}
