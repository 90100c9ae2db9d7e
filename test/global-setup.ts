// Builds dist/ once per test run: CLI and tmux tests run the built `shipyard`, as a user would.
// Type errors do not stop the build here (tsc still emits); `npm run typecheck` is the gate for those.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'ignore',
  });
}
