// Records what Shipyard committed (or staged) for an intent in the state database: the link that
// the diff view, `shipyard diff`, review and undo read, in any process and after a restart.
import type { CommitResult } from '../git/commit.js';
import { changeStat, headCommit, indexTree } from '../git/commit-diff.js';
import { runGit } from '../git/run.js';
import { withTempIndex } from '../git/temp-index.js';
import type { Db } from '../store/db.js';
import { recordIntentCommit } from '../store/intent-commits.js';

export async function recordChange(
  db: Db,
  projectPath: string,
  intentId: number,
  result: CommitResult,
): Promise<void> {
  if (result.staged.length === 0) return;
  if (result.commit) {
    const commit = (await runGit(projectPath, ['rev-parse', '--verify', `${result.commit}^{commit}`])).trim();
    const stat = await changeStat(projectPath, { kind: 'commit', commit });
    recordIntentCommit(db, {
      intentId,
      projectPath,
      kind: 'commit',
      commit,
      base: null,
      tree: null,
      files: stat.files.map((file) => file.path),
      added: stat.added,
      removed: stat.removed,
    });
    return;
  }
  const base = await headCommit(projectPath);
  // On a copy of the index: write-tree would otherwise rewrite the user's .git/index (its cache tree).
  const tree = await withTempIndex(projectPath, (env) => indexTree(projectPath, env));
  const ref = { kind: 'staged' as const, base, tree, files: result.staged };
  const stat = await changeStat(projectPath, ref);
  recordIntentCommit(db, {
    intentId,
    projectPath,
    kind: 'staged',
    commit: null,
    base,
    tree,
    files: stat.files.map((file) => file.path),
    added: stat.added,
    removed: stat.removed,
  });
}
