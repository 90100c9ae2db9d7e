// React picks its build from NODE_ENV when it is first imported: a bench of frames must measure the
// production build the app runs, so it re-runs itself with NODE_ENV=production before importing Ink.
import { spawnSync } from 'node:child_process';

export function runInProduction(file: string): void {
  if (process.env.NODE_ENV === 'production') return;
  const child = spawnSync(process.execPath, [...process.execArgv, file], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.exit(child.status ?? 1);
}
