// The snapshot taken before each intent (src/git/snapshot.ts) and the pruning of old ones, for the
// executor: never fatal, so a repository git cannot snapshot still runs its intent, with a line saying so.
import { errorMessage } from '../errors.js';
import type { PorcelainStatus } from '../git/porcelain.js';
import { pruneSnapshots, takeSnapshot } from '../git/snapshot.js';
import type { Settings } from '../store/settings.js';

/** Takes the snapshot of `intentId` and prunes old ones; returns the lines worth showing. */
export async function snapshotBeforeIntent(
  projectPath: string,
  intentId: number,
  status: PorcelainStatus,
  settings: Settings,
): Promise<string[]> {
  const rule = settings.snapshots;
  if (!rule.enabled) return [];
  const lines: string[] = [];
  try {
    const taken = await takeSnapshot(projectPath, intentId, status, {
      maxUntrackedBytes: rule.maxUntrackedMB * 1024 * 1024,
    });
    if (taken?.skipped) lines.push(`snapshot before #${intentId} left out ${taken.skipped}`);
    await pruneSnapshots(projectPath, rule);
  } catch (error) {
    lines.push(`no snapshot before #${intentId} (shipyard restore cannot undo it): ${errorMessage(error)}`);
  }
  return lines;
}
