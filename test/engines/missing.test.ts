// A missing engine is one line naming the fix, in the pane (and for `shipyard doctor`); the grid works.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../src/core/app-session.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { engineStatus } from '../../src/engines/missing.js';
import { type Db, openDb } from '../../src/store/db.js';
import { settingsSchema } from '../../src/store/settings.js';
import { titleInfo } from '../../src/ui/pane-header.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

let session: AppSession | undefined;
let db: Db | undefined;
afterEach(async () => {
  await session?.close();
  db?.close();
  session = undefined;
  db = undefined;
  removeTempDirs();
});

const bare = (home: string) => ({ HOME: home, PATH: process.env.PATH });

describe('engine status', () => {
  it('names the fix when not logged in, and what it found when ready', () => {
    const home = makeTempDir('shipyard-engine-home-');
    expect(engineStatus('claude', bare(home))).toEqual({
      engine: 'claude',
      ok: false,
      line: 'engine claude: not logged in (run `claude login` (or `claude setup-token`) or set ANTHROPIC_API_KEY)',
    });
    expect(engineStatus('codex', bare(home)).line).toBe(
      'engine codex: not logged in (run `codex login` or set OPENAI_API_KEY)',
    );
    expect(engineStatus('codex', { ...bare(home), OPENAI_API_KEY: 'k' }).line).toBe(
      'engine codex: ready (OPENAI_API_KEY)',
    );
    expect(engineStatus('codex', bare(home), true)).toMatchObject({ ok: true });
    expect(engineStatus('codex', { ...bare(home), CODEX_HOME: path.join(home, 'nope') }).ok).toBe(false);
  });

  it('the pane says it in one line and names the engine in its header; the other pane is untouched', async () => {
    const root = makeTempDir('shipyard-engine-ws-');
    for (const name of ['api', 'web']) createRepo({ parent: root, name });
    const home = makeTempDir('shipyard-engine-home-');
    const settings = settingsSchema.parse({ projects: { api: { engine: 'claude' } } });
    db = openDb(path.join(makeTempDir('shipyard-engine-state-'), 'state.db'));
    session = new AppSession({
      workspace: openWorkspace({ root }),
      db,
      settings: () => settings,
      env: {
        ...bare(home),
        OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
        OPENAI_API_KEY: 'k',
        SHIPYARD_MODEL: 'm',
      },
      terminal: { write: () => {} },
      pollMs: 50,
    });
    session.start();
    const pane = (name: string) => session!.store.get().panes.find((p) => p.project.name === name)!;
    expect(pane('api').engine).toBe('claude');
    expect(pane('api').activity).toEqual({
      kind: 'unconfigured',
      message:
        'engine claude: not logged in (run `claude login` (or `claude setup-token`) or set ANTHROPIC_API_KEY)',
    });
    expect(titleInfo(pane('api'))).toContain('claude');
    expect(pane('web').engine).toBeUndefined();
    expect(pane('web').activity.kind).toBe('idle');
  });

  it('`shipyard config show` says it in one line for a project the engine works', async () => {
    const root = makeTempDir('shipyard-engine-ws-');
    for (const name of ['api', 'web']) createRepo({ parent: root, name });
    const home = makeTempDir('shipyard-engine-home-');
    fs.writeFileSync(
      path.join(home, 'config.json'),
      JSON.stringify({ projects: { api: { engine: 'codex' } } }),
    );
    const env = {
      SHIPYARD_HOME: home,
      HOME: home,
      CODEX_HOME: path.join(home, 'codex'),
      OPENAI_API_KEY: '',
      CODEX_API_KEY: '',
    };
    const api = await runCli(['config', 'show', '--root', root, '--project', 'api'], { env });
    expect(api.code).toBe(0);
    expect(api.stdout).toContain(
      '\n# engine codex: not logged in (run `codex login` or set OPENAI_API_KEY)\n',
    );
    const web = await runCli(['config', 'show', '--root', root, '--project', 'web'], { env });
    expect(web.stdout).not.toContain('# engine');
  });
});
