// `@name` references in an intent's text: `@api`, `@api:src/retry.ts`, `@api:src/retry.ts#L10-40`.
// Parsing is pure (model/mention-syntax.ts); resolving checks names against the workspace before
// anything reaches the model.

import { UserError } from '../errors.js';
import { type Mention, parseMentions } from '../model/mention-syntax.js';
import type { Workspace } from '../model/project.js';

export { type Mention, parseMentions, unknownMentions } from '../model/mention-syntax.js';

/**
 * The intent's mentions (text and refs, e.g. `shipyard queue --from api`) checked against the workspace.
 * In the text, `@word` is a reference only when `word` names a project: `@types/node`, `@Injectable`
 * or `@nope` stay plain text. A ref (given on purpose) must name a project: an unknown one, like a bad
 * line range, throws a one-line UserError. Mentions of `selfName` (the agent's own project) are left
 * out: the agent already works in that repository.
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
  const unknown = [
    ...new Set(mentions.filter((m) => m.index === -1 && !canonical(m.project)).map((m) => `@${m.project}`)),
  ];
  if (unknown.length > 0) {
    const known = [...names.keys()].join(', ') || '(none)';
    const what = unknown.length === 1 ? 'project' : 'projects';
    throw new UserError(`unknown ${what} ${unknown.join(', ')}; known projects: ${known}`);
  }
  const resolved: Mention[] = [];
  for (const mention of mentions) {
    const project = canonical(mention.project);
    if (project === undefined || project === selfName) continue;
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
