// `git grep` answered from the kept index (`sibling-index.ts`) when that gives the same lines:
// the same files in the same order, each line matched by the translated regex (`ere-to-js.ts`).
import { ereMatcher, fixedMatcher, type LineMatcher } from './ere-to-js.js';
import type { IndexedFile } from './sibling-files.js';
import { siblingIndex } from './sibling-index.js';

export type MatchSink = (file: string, line: string, text: string) => boolean;

/**
 * Calls `onMatch` for each matching line as git grep would print it, until it returns false.
 * False when the index cannot answer this one exactly (then run git grep).
 */
export async function grepIndexed(
  root: string,
  query: string,
  fixed: boolean,
  rel: string,
  onMatch: MatchSink,
  signal?: AbortSignal,
): Promise<boolean> {
  const matcher = fixed ? fixedMatcher(query) : ereMatcher(query);
  if (!matcher) return false;
  // A cancelled search does not wait for the first build of an index (which goes on for the next).
  const index = await unlessCancelled(siblingIndex(root), signal);
  if (!index) return false;
  const inScope = (file: IndexedFile) => rel === '.' || file.path === rel || file.path.startsWith(`${rel}/`);
  const files = index.files.filter(inScope);
  // A repeating regex on a minified line could backtrack for a long time; git's matcher does not.
  if (matcher.repeats && files.some((file) => file.longLines && file.text !== undefined)) return false;
  for (const file of files) {
    if (file.text !== undefined && !matchFile(file.path, file.text, matcher, onMatch)) break;
  }
  return true;
}

async function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return work;
  if (signal.aborted) return undefined;
  let onAbort = () => {};
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** False when `onMatch` asked to stop. */
function matchFile(file: string, text: string, matcher: LineMatcher, onMatch: MatchSink): boolean {
  const regex = matcher.regex;
  let from = 0;
  let line = 1;
  let counted = 0;
  while (from <= text.length) {
    regex.lastIndex = from;
    const match = regex.exec(text);
    if (!match) return true;
    const at = match.index;
    const start = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
    // After the last newline: git grep's look-ahead lands there, and prints it as one more (empty)
    // line, only when it searched from an earlier line (the last line did not match).
    if (start === text.length && from === text.length) return true;
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < start; nl = text.indexOf('\n', nl + 1))
      line++;
    counted = start;
    const bytes = Buffer.from(text.slice(start, end), 'latin1');
    if (!onMatch(file, String(line), bytes.toString('utf8'))) return false;
    from = end + 1;
  }
  return true;
}
