// What every command needs: settings, the workspace, and (lazily) the state database.
import { discoveryOptions, openWorkspace } from '../core/workspace.js';
import type { Workspace } from '../model/project.js';
import { type Db, openDb } from '../store/db.js';
import { statePath } from '../store/paths.js';
import { type Settings, SettingsStore } from '../store/settings.js';

export interface GlobalOptions {
  root?: string;
  /** Remote workspaces for the grid (`HOST[:DIR]`), or the one host a command runs on. */
  host?: string[];
  debug?: boolean;
}

export class CliEnv {
  readonly settingsStore: SettingsStore;
  private cachedWorkspace?: Workspace;
  private cachedDb?: Db;

  constructor(
    readonly options: GlobalOptions,
    readonly cwd: string = process.env.INIT_CWD || process.cwd(),
  ) {
    this.settingsStore = new SettingsStore();
  }

  get settings(): Settings {
    return this.settingsStore.read();
  }

  get workspace(): Workspace {
    this.cachedWorkspace ??= openWorkspace({
      ...discoveryOptions(this.settings),
      cwd: this.cwd,
      root: this.options.root,
    });
    return this.cachedWorkspace;
  }

  get db(): Db {
    this.cachedDb ??= openDb(statePath());
    return this.cachedDb;
  }

  close(): void {
    this.cachedDb?.close();
  }
}
