// Cheap facts about a project for `list_projects`: its branch (from .git/HEAD, no git process) and a
// one-line description from its README or AGENTS.md.
import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveInsideRoot } from '../safe-path.js';

const DESCRIPTION_FILES = [
  'README.md',
  'README',
  'README.markdown',
  'README.rst',
  'README.txt',
  'readme.md',
  'AGENTS.md',
];
const MAX_DESCRIPTION = 160;

/** The checked-out branch, `detached at <sha>`, or undefined when HEAD cannot be read. */
export async function readBranch(repo: string): Promise<string | undefined> {
  let gitDir = path.join(repo, '.git');
  const stat = await fs.stat(gitDir).catch(() => undefined);
  if (!stat) return undefined;
  if (stat.isFile()) {
    // A worktree or submodule: `.git` is a file saying where the real git dir is.
    const pointer = /^gitdir:\s*(.+)$/m.exec(await fs.readFile(gitDir, 'utf8'));
    if (!pointer) return undefined;
    gitDir = path.resolve(repo, pointer[1]!.trim());
  }
  const head = (await fs.readFile(path.join(gitDir, 'HEAD'), 'utf8').catch(() => '')).trim();
  const ref = /^ref:\s*refs\/heads\/(.+)$/.exec(head);
  if (ref) return ref[1];
  return /^[0-9a-f]{40,64}$/.test(head) ? `detached at ${head.slice(0, 7)}` : undefined;
}

/** The first prose paragraph of the README (or AGENTS.md), markdown stripped, on one line. */
export async function readDescription(repo: string): Promise<string | undefined> {
  for (const name of DESCRIPTION_FILES) {
    // Through the safe path: a README symlinked out of the project is not read.
    const resolved = await resolveInsideRoot(repo, name).catch(() => undefined);
    if (!resolved) continue;
    const text = await readStart(resolved.abs);
    if (text === undefined) continue;
    const paragraph = firstParagraph(text);
    if (paragraph)
      return paragraph.length > MAX_DESCRIPTION ? `${paragraph.slice(0, MAX_DESCRIPTION - 1)}…` : paragraph;
  }
  return undefined;
}

export function firstParagraph(markdown: string): string | undefined {
  const lines: string[] = [];
  let inFence = false;
  for (const raw of markdown.replace(/^---\n[\s\S]*?\n---\n/, '').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) inFence = !inFence;
    // Headings, badges, HTML, rules and code say little about what the project is.
    const skip = inFence || line.startsWith('```') || /^(#|<|!\[|\[!\[|[=\-*_]{3,}$|>)/.test(line);
    if (line === '' || skip) {
      if (lines.length > 0) break;
      continue;
    }
    lines.push(line);
  }
  if (lines.length === 0) return undefined;
  return lines
    .join(' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

async function readStart(abs: string): Promise<string | undefined> {
  const handle = await fs.open(abs, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(16 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
