// Lists a folder as an indented tree that honours .gitignore; shared by `list_files` and `list_project_files`.
import fs from 'node:fs/promises';
import path from 'node:path';
import ignore from 'ignore';
import { UserError } from '../../errors.js';
import { visibleName } from '../../sanitize.js';
import { resolveInsideRoot } from '../safe-path.js';
import type { ToolResult } from '../tool.js';
import { runGit } from './git-process.js';
import { count } from './result.js';
import { assertAllowed, type DenyCheck } from './secrets.js';

export const DEFAULT_DEPTH = 3;
export const MAX_ENTRIES = 400;
// Without git, walking stops here: the listing is capped anyway.
const MAX_WALK = 50_000;

export interface ListOptions {
  deny?: DenyCheck;
  label: string;
  signal?: AbortSignal;
}

interface Folder {
  folders: Map<string, Folder>;
  files: string[];
  count: number;
}

export async function listTree(
  root: string,
  userPath: string | undefined,
  depth: number | undefined,
  options: ListOptions,
): Promise<ToolResult> {
  const levels = depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(levels) || levels < 1)
    throw new UserError(`depth must be a whole number ≥ 1, got ${levels}`);
  const realRoot = await fs.realpath(root);
  const { abs, rel, requestedRel } = await resolveInsideRoot(realRoot, userPath ?? '.');
  const stat = await fs.stat(abs).catch(() => undefined);
  assertAllowed(options.deny, stat?.isDirectory() ?? false, requestedRel, rel);
  if (!stat) throw new UserError(`"${rel}" does not exist`);
  const summary = `${options.label} ${rel}`;
  if (!stat.isDirectory()) return { output: `${rel} (a file, ${stat.size} bytes)`, summary };

  let files = await listFiles(realRoot, rel, options.signal);
  if (options.deny) files = files.filter((file) => !options.deny!(file));
  const prefix = rel === '.' ? '' : `${rel}/`;
  const tree = buildTree(
    files.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length)),
  );
  if (tree.count === 0)
    return { output: `${prefix || './'} (no files, or all ignored)`, summary: `${summary} (empty)` };
  const lines: string[] = [];
  let hidden = 0;
  for (const line of renderTree(tree, levels, '')) {
    if (lines.length < MAX_ENTRIES) lines.push(line);
    else hidden++;
  }
  if (hidden > 0) lines.push(`… ${hidden} more entries (list a subfolder or lower depth)`);
  const header = `${prefix || './'} (${count(tree.count, 'file')})`;
  return { output: [header, ...lines].join('\n'), summary: `${summary} (${count(tree.count, 'file')})` };
}

/** Every file under `rel` (relative to the root, `/`-separated), tracked or untracked, not ignored. */
export async function listFiles(root: string, rel: string, signal?: AbortSignal): Promise<string[]> {
  const pathspec = rel === '.' ? [] : ['--', rel];
  const files: string[] = [];
  const deleted = new Set<string>();
  const onRecord = (list: string[] | Set<string>) => (record: string) => {
    if (record !== '') Array.isArray(list) ? list.push(record) : list.add(record);
    return true;
  };
  const [listed, removed] = await Promise.all([
    runGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard', ...pathspec], {
      cwd: root,
      signal,
      separator: '\0',
      onRecord: onRecord(files),
    }),
    // Tracked files deleted from the work tree are still in the index: leave them out.
    runGit(['ls-files', '-z', '--deleted', ...pathspec], {
      cwd: root,
      signal,
      separator: '\0',
      onRecord: onRecord(deleted),
    }),
  ]);
  if (listed.code !== 0) return walkFiles(root, rel);
  return removed.code === 0 && deleted.size > 0 ? files.filter((file) => !deleted.has(file)) : files;
}

function buildTree(files: string[]): Folder {
  const top: Folder = { folders: new Map(), files: [], count: 0 };
  for (const file of files) {
    const parts = file.split('/');
    let folder = top;
    folder.count++;
    for (const part of parts.slice(0, -1)) {
      let next = folder.folders.get(part);
      if (!next) {
        next = { folders: new Map(), files: [], count: 0 };
        folder.folders.set(part, next);
      }
      next.count++;
      folder = next;
    }
    folder.files.push(parts.at(-1)!);
  }
  return top;
}

// Folders first, then files, each sorted; a folder at the depth limit shows its file count instead.
function* renderTree(folder: Folder, levels: number, indent: string): Generator<string> {
  for (const name of [...folder.folders.keys()].sort()) {
    const child = folder.folders.get(name)!;
    if (levels > 1) {
      yield `${indent}${visibleName(name)}/`;
      yield* renderTree(child, levels - 1, `${indent}  `);
    } else {
      yield `${indent}${visibleName(name)}/ (${count(child.count, 'file')})`;
    }
  }
  for (const name of folder.files.sort()) yield `${indent}${visibleName(name)}`;
}

// Outside a git repository: walk the folder with the top .gitignore, skipping .git.
async function walkFiles(root: string, rel: string): Promise<string[]> {
  const matcher = ignore({ ignorecase: false }).add('.git/');
  const gitignore = await fs.readFile(path.join(root, '.gitignore'), 'utf8').catch(() => '');
  matcher.add(gitignore);
  const files: string[] = [];
  const pending = [rel === '.' ? '' : rel];
  while (pending.length > 0 && files.length < MAX_WALK) {
    const dir = pending.pop()!;
    const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!matcher.ignores(`${child}/`)) pending.push(child);
      } else if (!matcher.ignores(child)) {
        files.push(child);
      }
    }
  }
  return files;
}
