// Builds dist/ once per test run (the bundle `npm run build` makes): CLI and tmux tests run the
// built `shipyard`, as a user would. Type errors do not stop it; `npm run typecheck` is the gate.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  const build = spawnSync(path.join(root, 'node_modules/.bin/node'), ['scripts/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`the build failed:\n${build.stderr}`);
}
