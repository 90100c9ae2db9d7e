// What a tmux test holds (its terminal, its scripted server, its temp folders, anything else it
// must let go of), released after each test whether it passed or not. Call once per file.
import { afterEach } from 'vitest';
import { removeTempDirs } from './git-repos.js';
import { type ScriptedServer, startScriptedServer } from './scripted-server.js';
import { TmuxSession } from './tmux.js';

export interface E2e {
  /** A fresh terminal of this size, killed after the test. */
  terminal(width: number, height: number): TmuxSession;
  /** The scripted model, closed after the test. */
  server(...script: Parameters<typeof startScriptedServer>): Promise<ScriptedServer>;
  /** Runs first after the test (e.g. lets go of a git held by a gate file). */
  onCleanup(release: () => void): void;
  /** The terminal and server of the running test, for helpers outside it. */
  readonly tmux: TmuxSession;
  readonly scripted: ScriptedServer;
}

export function e2eResources(): E2e {
  let tmux: TmuxSession | undefined;
  let server: ScriptedServer | undefined;
  let releases: (() => void)[] = [];
  afterEach(async () => {
    for (const release of releases) release();
    releases = [];
    tmux?.kill();
    tmux = undefined;
    await server?.close();
    server = undefined;
    removeTempDirs();
  });
  return {
    terminal(width, height) {
      tmux?.kill();
      tmux = new TmuxSession(width, height);
      return tmux;
    },
    async server(...script) {
      await server?.close();
      server = await startScriptedServer(...script);
      return server;
    },
    onCleanup(release) {
      releases.push(release);
    },
    get tmux() {
      if (!tmux) throw new Error('no terminal started in this test');
      return tmux;
    },
    get scripted() {
      if (!server) throw new Error('no scripted server started in this test');
      return server;
    },
  };
}
