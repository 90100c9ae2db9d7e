// Applies parsed patch operations to a project all-or-nothing: every operation is checked and its
// result computed in memory first; only then are files written (and restored if a write fails).
import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { assertOneLink, assertWritable, resolveInsideRoot } from '../safe-path.js';
import { applyHunks, HunkError } from './hunks.js';
import type { PatchOp } from './parse.js';

export interface FileChange {
  kind: 'add' | 'delete' | 'update';
  path: string;
  /** Set when an update also renamed the file. */
  movedTo?: string;
}

interface Pending {
  rel: string;
  /** New content, or null to delete. */
  content: string | null;
  mode?: number;
}

/** Throws `UserError` naming the operation (and hunk) that failed; then nothing was written. */
export async function applyPatch(root: string, ops: PatchOp[]): Promise<FileChange[]> {
  const pending = new Map<string, Pending>();
  const changes: FileChange[] = [];
  // Later operations see earlier ones (add then update the same file works).
  const read = async ({ abs, rel }: { abs: string; rel: string }): Promise<string | null> => {
    const staged = pending.get(abs);
    if (staged) return staged.content;
    return readOrNull(abs, rel);
  };

  for (const op of ops) {
    const where = `${opName(op)} ${op.path}`;
    const target = await writablePath(root, op.path, where);
    const current = await read(target);
    if (op.type === 'add') {
      if (current !== null)
        throw new UserError(`${where}: the file already exists; use "*** Update File" to change it`);
      pending.set(target.abs, { rel: target.rel, content: op.content });
      changes.push({ kind: 'add', path: target.rel });
    } else if (op.type === 'delete') {
      if (current === null) throw new UserError(`${where}: no such file`);
      pending.set(target.abs, { rel: target.rel, content: null });
      changes.push({ kind: 'delete', path: target.rel });
    } else {
      if (current === null) throw new UserError(`${where}: no such file (use "*** Add File" to create it)`);
      let next: string;
      try {
        next = applyHunks(current, op.hunks, where);
      } catch (error) {
        if (error instanceof HunkError) throw new UserError(error.message);
        throw error;
      }
      if (op.moveTo === undefined) {
        pending.set(target.abs, { rel: target.rel, content: next });
        changes.push({ kind: 'update', path: target.rel });
        continue;
      }
      const dest = await writablePath(root, op.moveTo, `${where} (move to ${op.moveTo})`);
      if (dest.abs !== target.abs && (await read(dest)) !== null) {
        throw new UserError(`${where}: cannot move to "${dest.rel}", which already exists`);
      }
      const mode = (await fs.stat(target.abs).catch(() => undefined))?.mode;
      pending.set(target.abs, { rel: target.rel, content: null });
      pending.set(dest.abs, { rel: dest.rel, content: next, mode });
      changes.push({ kind: 'update', path: target.rel, movedTo: dest.rel });
    }
  }
  await commit(pending);
  return changes;
}

async function writablePath(root: string, userPath: string, where: string) {
  try {
    const resolved = await resolveInsideRoot(root, userPath);
    assertWritable(resolved.rel);
    await assertOneLink(resolved.abs, resolved.rel);
    return resolved;
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${where}: ${error.message}`);
    throw error;
  }
}

async function commit(pending: Map<string, Pending>): Promise<void> {
  const done: { abs: string; before: string | null }[] = [];
  try {
    for (const [abs, change] of pending) {
      const before = await readOrNull(abs, change.rel);
      // Record before touching it, so a half-finished write is restored too.
      done.push({ abs, before });
      if (change.content === null) {
        await fs.rm(abs, { force: true });
      } else {
        await fs.mkdir(path.dirname(abs), { recursive: true });
        await fs.writeFile(
          abs,
          change.content,
          change.mode === undefined ? undefined : { mode: change.mode },
        );
      }
    }
  } catch (error) {
    for (const { abs, before } of done.reverse()) {
      if (before === null) await fs.rm(abs, { force: true }).catch(() => {});
      else await fs.writeFile(abs, before).catch(() => {});
    }
    throw error;
  }
}

async function readOrNull(abs: string, rel: string): Promise<string | null> {
  try {
    return await fs.readFile(abs, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new UserError(`"${rel}" is a folder, not a file`);
    throw error;
  }
}

function opName(op: PatchOp): string {
  return op.type === 'add' ? 'Add File' : op.type === 'delete' ? 'Delete File' : 'Update File';
}
