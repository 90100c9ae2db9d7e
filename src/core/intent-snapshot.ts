// The snapshot taken before each intent (src/git/snapshot.ts) and the pruning of old ones, for the
// executor: never fatal, so a repository git cannot snapshot still runs its intent, with a line saying so.
import { errorMessage } from '../errors.js';
import type { PorcelainStatus } from '../git/porcelain.js';
import { pruneSnapshots, type SnapshotKey, takeSnapshot } from '../git/snapshot.js';
import type { Settings } from '../store/settings.js';

/** Pruning lists every snapshot ref: once in a while per project is enough. */
const PRUNE_EVERY_MS = 10 * 60_000;
const prunedAt = new Map<string, number>();

/**
 * Starts the snapshot of `intentId`; resolves once the agent may touch the files, with a promise of
 * the lines worth showing (await it before committing). A clean tree's snapshot is HEAD's tree, which
 * no agent command can change, so it is written while the intent runs; a dirty one is read first.
 */
export async function snapshotBeforeIntent(
  projectPath: string,
  key: SnapshotKey,
  status: PorcelainStatus,
  settings: Settings,
): Promise<{ done: Promise<string[]> }> {
  const rule = settings.snapshots;
  if (!rule.enabled) return { done: Promise.resolve([]) };
  const intentId = key.intentId;
  const work = async (): Promise<string[]> => {
    try {
      const taken = await takeSnapshot(projectPath, key, status, {
        maxUntrackedBytes: rule.maxUntrackedMB * 1024 * 1024,
      });
      const now = Date.now();
      if (now - (prunedAt.get(projectPath) ?? 0) >= PRUNE_EVERY_MS) {
        prunedAt.set(projectPath, now);
        await pruneSnapshots(projectPath, rule, now);
      }
      if (taken?.kept)
        return [`snapshot before #${intentId} kept from its first attempt (restore goes back to then)`];
      return taken?.skipped ? [`snapshot before #${intentId} left out ${taken.skipped}`] : [];
    } catch (error) {
      return [`no snapshot before #${intentId} (shipyard restore cannot undo it): ${errorMessage(error)}`];
    }
  };
  if (status.dirty === 0) return { done: work() };
  const lines = await work();
  return { done: Promise.resolve(lines) };
}
