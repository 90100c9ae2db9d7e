// Searches file contents with `git grep` (fast, .gitignore-aware, binaries skipped); shared by
// `search` and `search_project`.
import { lstatSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { visibleName } from '../../sanitize.js';
import { resolveInsideRoot } from '../safe-path.js';
import type { ToolResult } from '../tool.js';
import { runGit } from './git-process.js';
import { grepIndexed } from './grep-index.js';
import { assertAllowed, type DenyCheck } from './secrets.js';

export const MAX_MATCHES = 200;
export const MAX_LINE_CHARS = 300;

export interface GrepOptions {
  deny?: DenyCheck;
  label: string;
  signal?: AbortSignal;
  /** Answer from a kept in-memory index of the repository when it can (`sibling-index.ts`). */
  indexed?: boolean;
}

export async function grepFiles(
  root: string,
  query: string,
  userPath: string | undefined,
  options: GrepOptions,
): Promise<ToolResult> {
  if (query === '') throw new UserError('query is empty; give a regular expression to search for');
  const realRoot = await fs.realpath(root);
  const { abs, rel, requestedRel } = await resolveInsideRoot(realRoot, userPath ?? '.');
  const stat = await fs.stat(abs).catch(() => undefined);
  assertAllowed(options.deny, stat?.isDirectory() ?? false, requestedRel, rel);
  if (!stat) throw new UserError(`"${rel}" does not exist`);
  const summary = `${options.label} /${query}/${rel === '.' ? '' : ` in ${rel}`}`;
  const matches: string[] = [];
  let more = false;
  // A hard-linked file's other names may be secrets or outside the project (as read_file refuses it).
  const linked = new Map<string, boolean>();
  const isLinked = (file: string) => {
    let known = linked.get(file);
    if (known === undefined) {
      known = (lstatSync(path.join(realRoot, file), { throwIfNoEntry: false })?.nlink ?? 1) > 1;
      linked.set(file, known);
    }
    return known;
  };
  const onMatch = (file: string, line: string, text: string) => {
    if (options.deny?.(file) || isLinked(file)) return true;
    if (matches.length >= MAX_MATCHES) {
      more = true;
      return false;
    }
    matches.push(`${visibleName(file)}:${line}:${cut(text)}`);
    return true;
  };
  // A query without regex syntax means the same as a fixed string, which git matches faster.
  const fixed = !/[.^$*+?()[\]{}|\\]/.test(query);
  const answered =
    options.indexed && (await grepIndexed(realRoot, query, fixed, rel, onMatch, options.signal));
  if (options.signal?.aborted) throw new UserError('Search failed: cancelled');
  if (!answered) await gitGrep(realRoot, query, fixed, rel, onMatch, options.signal);
  if (matches.length === 0) return { output: 'no matches', summary: `${summary} → no matches` };
  const footer = more
    ? `\n… more matches not shown (first ${MAX_MATCHES}); narrow the query or the path`
    : '';
  return {
    output: `${matches.join('\n')}${footer}`,
    summary: `${summary} → ${matches.length}${more ? '+' : ''} matches`,
  };
}

async function gitGrep(
  root: string,
  query: string,
  fixed: boolean,
  rel: string,
  onMatch: (file: string, line: string, text: string) => boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  // Naming no path is faster than `.` and means the same.
  const pathspec = rel === '.' ? [] : ['--', rel];
  const tail = ['-n', '-I', fixed ? '-F' : '-E', '-z', '--no-color', '-e', query, ...pathspec];
  const git = { cwd: root, signal, onRecord: grepRecords(onMatch), separator: '\0' as const };
  let result = await runGit(['grep', '--untracked', ...tail], git);
  // Outside a repository (a plain folder), git grep still works, with .gitignore honoured by hand.
  if (result.code === 128 && /not a git repository/.test(result.stderr)) {
    result = await runGit(['grep', '--no-index', '--exclude-standard', ...tail], git);
  }
  if (!result.stopped && result.code !== 0 && result.code !== 1) {
    const reason = result.stderr.replace(/^fatal: /, '') || `git grep exited with ${result.code}`;
    throw new UserError(`Search failed: ${reason}`);
  }
}

/**
 * Reads `git grep -n -z` output field by field (`path\0line\0text\n`, split at each NUL): a path may
 * hold newlines, so records cannot be split at `\n`; only the text, one line of a file, cannot.
 */
export function grepRecords(
  onMatch: (file: string, line: string, text: string) => boolean,
): (field: string) => boolean {
  let file: string | undefined;
  let line: string | undefined;
  let text: string[] = [];
  return (field) => {
    if (file === undefined) file = field;
    else if (line === undefined) line = field;
    else {
      const end = field.indexOf('\n');
      // No newline yet: the matched line itself held a NUL.
      if (end === -1) text.push(field);
      else {
        text.push(field.slice(0, end));
        const match: [string, string, string] = [file, line, text.join('\0')];
        file = field.slice(end + 1);
        line = undefined;
        text = [];
        return onMatch(...match);
      }
    }
    return true;
  };
}

function cut(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}… [line cut]` : text;
}
