// Which files did the agent change during one intent? Only what is known exactly: what its write
// tools wrote, what a command wrote on an overlay (src/sandbox/overlay.ts), what an engine's
// file-change events name; each hashed when it was written, so a later edit of the user's is caught.
// The baseline is taken before the intent runs; files the user had pending then are never committed.
// Every other changed file is left in the working tree and reported: a command without an overlay
// writes straight into the project, and Linux cannot tell its writes from the user's (that needs
// fanotify's CAP_SYS_ADMIN), so such a file is named as possibly the agent's, never committed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type PorcelainStatus, parsePorcelainV2 } from './porcelain.js';
import { runGit } from './run.js';

const SLACK_MS = 1000;

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
  // When commands without an overlay ran, and what went missing meanwhile: only to say why a file
  // is left out (possibly the agent's, or surely the user's), never to commit it.
  private readonly unfencedWindows: [number, number][] = [];
  private readonly deletedDuringCommands = new Set<string>();
  /** An engine's commands ran: nobody listed the files that went missing around them. */
  private deletionsUnlisted = false;
  private deletedBefore: Set<string> | undefined;

  constructor(readonly repoPath: string) {}

  /** Takes the baseline; returns the git status it read (for the intent message), so one git run does both. */
  async begin(): Promise<PorcelainStatus> {
    const status = await readDirty(this.repoPath);
    this.baseline = snapshot(this.repoPath, status.paths);
    return status;
  }

  /** Call after every write tool: remembers what the agent left in these files. */
  noteAgentWrites(paths: Iterable<string>): void {
    for (const rel of paths) this.written.set(rel, hashFile(this.repoPath, rel));
  }

  /** Call when one of an engine's commands ended (it wrote straight into the project). */
  noteCommand(startedAt: number, endedAt: number): void {
    this.unfencedWindows.push([startedAt, endedAt]);
    this.deletionsUnlisted = true;
  }

  /** Before a command without an overlay: which tracked files are missing already. */
  async beforeCommand(): Promise<void> {
    this.deletedBefore = await deletedTracked(this.repoPath);
  }

  /** After a command: exactly what it wrote (overlay), or, without one, when it ran and what went missing. */
  async afterCommand(done: { startedAt: number; endedAt: number; written?: string[] }): Promise<void> {
    if (done.written) {
      if (done.written.length) await this.noteCommandWrites(done.written);
      return;
    }
    this.unfencedWindows.push([done.startedAt, done.endedAt]);
    const before = this.deletedBefore;
    this.deletedBefore = undefined;
    if (!before) return;
    for (const rel of await deletedTracked(this.repoPath))
      if (!before.has(rel)) this.deletedDuringCommands.add(rel);
  }

  // Only what git sees as changed needs a hash: an `npm install` may write 50,000 ignored files.
  private async noteCommandWrites(paths: string[]): Promise<void> {
    const dirty = new Set((await readDirty(this.repoPath)).paths);
    this.noteAgentWrites(paths.filter((rel) => dirty.has(rel)));
  }

  /** Why a changed file nothing exact names is left out: it may be an unfenced command's, or it is the user's. */
  private leftOutLine(rel: string): string {
    const maybeAgent = (when: string) =>
      `${rel}: ${when} (the agent's or yours: Shipyard cannot tell); left for you to commit`;
    const unfenced = 'while an agent command ran without an overlay';
    let mtime: number;
    try {
      mtime = fs.statSync(path.join(this.repoPath, rel)).mtimeMs;
    } catch {
      if (this.deletedDuringCommands.has(rel)) return maybeAgent(`deleted ${unfenced}`);
      if (this.deletionsUnlisted)
        return maybeAgent('deleted during an intent whose commands ran without an overlay');
      return `${rel}: deleted while no agent command ran (yours?); not committed`;
    }
    // File systems round mtimes; a little slack keeps a command's own writes inside its window.
    const during = this.unfencedWindows.some(
      ([start, end]) => mtime >= start - SLACK_MS && mtime <= end + SLACK_MS,
    );
    return during
      ? maybeAgent(`changed ${unfenced}`)
      : `${rel}: changed while no agent command ran (yours?); not committed`;
  }

  async verdict(): Promise<ChangeVerdict> {
    const now = snapshot(this.repoPath, (await readDirty(this.repoPath)).paths);
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
      if (agentHash === undefined) {
        skipped.push(this.leftOutLine(rel));
        continue;
      }
      files.push(rel);
    }
    return { files, skipped };
  }
}

async function readDirty(repoPath: string): Promise<PorcelainStatus> {
  return parsePorcelainV2(
    await runGit(repoPath, ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=all']),
  );
}

async function deletedTracked(repoPath: string): Promise<Set<string>> {
  const out = await runGit(repoPath, ['ls-files', '--deleted', '-z']);
  return new Set(out.split('\0').filter(Boolean));
}

function snapshot(repoPath: string, paths: readonly string[]): Snapshot {
  return new Map(paths.map((rel) => [rel, hashFile(repoPath, rel)]));
}

/** sha1 of a file's content, or `missing`. */
export function hashFile(repoPath: string, rel: string): string {
  try {
    return createHash('sha1')
      .update(fs.readFileSync(path.join(repoPath, rel)))
      .digest('hex');
  } catch {
    return 'missing';
  }
}
