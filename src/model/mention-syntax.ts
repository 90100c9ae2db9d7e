// The syntax of `@name` references in a text: `@api`, `@api:src/retry.ts`, `@api:src/retry.ts#L10-40`.
// Pure parsing, shared by the agent (which resolves them, agent/mentions.ts) and the input (which says
// when an `@word` that looks like a project is none).

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

/**
 * `@words` of the text that are no project but look like one was meant (a path form `@x:file`, or a
 * name one or two letters off a project's), for a note in the input. `@types/node` does not.
 */
export function unknownMentions(text: string, names: readonly string[]): string[] {
  const lower = names.map((n) => n.toLowerCase());
  const out = new Set<string>();
  for (const mention of parseMentions(text)) {
    const word = mention.project.toLowerCase();
    if (lower.includes(word)) continue;
    const near =
      word.length >= 3 && lower.some((name) => editDistance(word, name) <= (name.length > 4 ? 2 : 1));
    if (mention.path !== undefined || near) out.add(`@${mention.project}`);
  }
  return [...out];
}

/** Levenshtein distance, for short names only. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = row;
  }
  return previous[b.length]!;
}

export function parseMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  // The input asks on every key: a megabyte pasted without an `@` costs one scan, not three regexes.
  if (!text.includes('@')) return mentions;
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
  if (!text.includes('`')) return text;
  const blank = (code: string) => code.replace(/[^\n]/g, ' ');
  return text.replace(/^```[^\n]*\n[\s\S]*?(?:^```[^\n]*$|(?![\s\S]))/gm, blank).replace(/`[^`\n]*`/g, blank);
}
