// The running app without its UI, for the AppSession tests: a scripted server, a state database and
// a session over a workspace, all released after each test. `open` again is a restart: the previous
// session and database close first, the same database file opens anew.
import path from 'node:path';
import { afterEach } from 'vitest';
import { AppSession } from '../../src/core/app-session.js';
import type { PaneState } from '../../src/core/pane-state.js';
import type { Workspace } from '../../src/model/project.js';
import { type Db, openDb } from '../../src/store/db.js';
import type { Settings } from '../../src/store/settings.js';
import { makeTempDir, removeTempDirs } from './git-repos.js';
import { type ScriptedServer, startScriptedServer } from './scripted-server.js';

export interface SessionOptions {
  workspace: Workspace;
  settings: Settings;
  /** The state database's file; a fresh one in a temp home when left out. */
  dbFile?: string;
  /** Where the bell and OSC 9 go. */
  terminal?: { write(chunk: string): void };
}

export interface SessionResources {
  server(...script: Parameters<typeof startScriptedServer>): Promise<ScriptedServer>;
  open(options: SessionOptions): AppSession;
  /** Close the session and its database (a quit before a restart). */
  close(): Promise<void>;
  /** The pane of a project by name (the first pane when none is named). */
  pane(name?: string): PaneState;
  readonly session: AppSession;
}

export function sessionResources(): SessionResources {
  let server: ScriptedServer | undefined;
  let session: AppSession | undefined;
  let db: Db | undefined;
  const close = async () => {
    await session?.close();
    session = undefined;
    db?.close();
    db = undefined;
  };
  afterEach(async () => {
    await close();
    await server?.close();
    server = undefined;
    removeTempDirs();
  });
  const current = () => {
    if (!session) throw new Error('no session opened in this test');
    return session;
  };
  return {
    async server(...script) {
      await server?.close();
      server = await startScriptedServer(...script);
      return server;
    },
    open(options) {
      if (!server) throw new Error('start the scripted server first');
      if (session) throw new Error('close the session before opening another');
      db = openDb(options.dbFile ?? path.join(makeTempDir('shipyard-home-'), 'state.db'));
      session = new AppSession({
        workspace: options.workspace,
        db,
        settings: () => options.settings,
        env: {
          OPENAI_BASE_URL: server.baseURL,
          OPENAI_API_KEY: 'k',
          SHIPYARD_MODEL: 'm',
          SHIPYARD_API: 'chat',
        },
        ...(options.terminal ? { terminal: options.terminal } : {}),
        pollMs: 50,
      });
      session.start();
      return session;
    },
    close,
    pane(name) {
      const panes = current().store.get().panes;
      const pane = name === undefined ? panes[0] : panes.find((p) => p.project.name === name);
      if (!pane) throw new Error(`no pane ${name ?? '(first)'}`);
      return pane;
    },
    get session() {
      return current();
    },
  };
}
