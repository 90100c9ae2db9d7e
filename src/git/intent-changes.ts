// Which files did the agent change during one intent? The baseline is taken before the intent
// runs; files the user had pending then are never committed, and a file the user edited after
// the agent last wrote it is left alone (and reported).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runGit } from './run.js';

/** path (repo-relative, `/`) → content hash, or 'missing' for a deleted file. */
type Snapshot = Map<string, string>;

export interface ChangeVerdict {
  /** Files to commit: changed by the agent, untouched by the user. */
  files: string[];
  /** One line each: files the agent changed but that also hold user edits. */
  skipped: string[];
}

export class IntentChanges {
  private baseline: Snapshot = new Map();
  /** Hash of each agent-written file right after the agent's last write to it. */
  private readonly written = new Map<string, string>();

  constructor(readonly repoPath: string) {}

  async begin(): Promise<void> {
    this.baseline = await snapshotDirty(this.repoPath);
  }

  /** Call after every write tool: remembers what the agent left in these files. */
  noteAgentWrites(paths: Iterable<string>): void {
    for (const rel of paths) this.written.set(rel, hashFile(this.repoPath, rel));
  }

  async verdict(): Promise<ChangeVerdict> {
    const now = await snapshotDirty(this.repoPath);
    const files: string[] = [];
    const skipped: string[] = [];
    const candidates = new Set([...now.keys(), ...this.written.keys()]);
    for (const rel of [...candidates].sort()) {
      const current = now.get(rel) ?? hashFile(this.repoPath, rel);
      const before = this.baseline.get(rel);
      const agentHash = this.written.get(rel);
      if (before !== undefined) {
        // The user had uncommitted work in this file before the intent started.
        if (agentHash !== undefined || current !== before) {
          skipped.push(`${rel}: it held your uncommitted edits before the intent; left for you to commit`);
        }
        continue;
      }
      if (!now.has(rel)) continue; // written and then reverted to the committed content
      if (agentHash !== undefined && agentHash !== current) {
        skipped.push(`${rel}: changed by someone else after the agent's last edit; not committed`);
        continue;
      }
      files.push(rel);
    }
    return { files, skipped };
  }
}

async function snapshotDirty(repoPath: string): Promise<Snapshot> {
  const out = await runGit(repoPath, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  const snapshot: Snapshot = new Map();
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const status = entry.slice(0, 2);
    const rel = entry.slice(3);
    snapshot.set(rel, hashFile(repoPath, rel));
    // A rename or copy is followed by its source path.
    if (status.includes('R') || status.includes('C')) {
      const from = entries[++i];
      if (from) snapshot.set(from, hashFile(repoPath, from));
    }
  }
  return snapshot;
}

function hashFile(repoPath: string, rel: string): string {
  try {
    return createHash('sha1')
      .update(fs.readFileSync(path.join(repoPath, rel)))
      .digest('hex');
  } catch {
    return 'missing';
  }
}
