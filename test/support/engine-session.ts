// An app session whose projects an external engine works (Codex, Claude Code), over a fresh workspace
// of two repos with a local git identity, reopenable on the same state (a restart).
import path from 'node:path';
import { AppSession } from '../../src/core/app-session.js';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { type Db, openDb } from '../../src/store/db.js';
import { type Settings, settingsSchema } from '../../src/store/settings.js';
import { createRepo, makeTempDir } from './git-repos.js';

export interface EngineSetup {
  root: string;
  home: string;
  settings: Settings;
  env: NodeJS.ProcessEnv;
}

let session: AppSession | undefined;
let db: Db | undefined;

/** Two repos (`api`, `web`) and settings for `engine`; `env` is the engine's (its state folder). */
export function engineSetup(settings: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): EngineSetup {
  const root = makeTempDir('shipyard-engine-ws-');
  for (const name of ['api', 'web']) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  const home = makeTempDir('shipyard-engine-home-');
  return { root, home, settings: settingsSchema.parse(settings), env: { SHIPYARD_HOME: home, ...env } };
}

/** Starts the app session (closing one left open); `pane(name)` reads its pane live. */
export function openEngineSession(s: EngineSetup) {
  db = openDb(path.join(s.home, 'state.db'));
  session = new AppSession({
    workspace: openWorkspace({ root: s.root }),
    db,
    settings: () => s.settings,
    env: s.env,
    terminal: { write: () => {} },
    pollMs: 50,
  });
  session.start();
  const current = session;
  const pane = (name: string): PaneState => current.store.get().panes.find((p) => p.project.name === name)!;
  return { pane, actions: current.actions };
}

/** Ends the session and closes its database (a restart, or `afterEach`). */
export async function closeEngineSession(): Promise<void> {
  await session?.close();
  session = undefined;
  db?.close();
  db = undefined;
}

export const doneCount = (pane: PaneState) => pane.intents?.filter((i) => i.state === 'done').length ?? 0;
