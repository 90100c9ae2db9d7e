// A missing engine (package or binary not installed, not logged in) is one line naming the fix, in
// the pane and in `shipyard doctor`; nothing else breaks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Settings } from '../store/settings.js';
import type { EngineName, ExternalEngine } from './engine.js';

export class EngineMissing extends UserError {
  constructor(
    readonly engine: ExternalEngine,
    reason: string,
  ) {
    super(`engine ${engine}: ${reason}`);
  }
}

const PACKAGES: Record<ExternalEngine, string> = {
  codex: '@openai/codex-sdk',
  claude: '@anthropic-ai/claude-agent-sdk',
};

export interface EngineStatus {
  engine: ExternalEngine;
  ok: boolean;
  /** One line: what is installed and logged in, or what to do. */
  line: string;
}

/**
 * Whether an engine can run: its SDK installed, and some login (the engine's own, or a key or base URL
 * from Shipyard's model settings, `shipyard config show`). For `shipyard doctor` and the pane.
 */
export function engineStatus(
  engine: ExternalEngine,
  env: NodeJS.ProcessEnv = process.env,
  modelConfigured = false,
): EngineStatus {
  const pkg = PACKAGES[engine];
  try {
    // Resolved, not loaded (the SDKs are ESM-only and export no package.json).
    import.meta.resolve(pkg);
  } catch {
    return { engine, ok: false, line: `engine ${engine}: ${pkg} is not installed (npm install ${pkg})` };
  }
  if (modelConfigured)
    return { engine, ok: true, line: `engine ${engine}: ready (Shipyard's model settings)` };
  const home = env.HOME ?? os.homedir();
  const logins =
    engine === 'codex'
      ? {
          vars: ['CODEX_API_KEY', 'OPENAI_API_KEY'],
          files: [path.join(env.CODEX_HOME ?? path.join(home, '.codex'), 'auth.json')],
          fix: 'run `codex login` or set OPENAI_API_KEY',
        }
      : {
          vars: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
          files: [
            path.join(env.CLAUDE_CONFIG_DIR ?? path.join(home, '.claude'), '.credentials.json'),
            path.join(home, '.claude.json'),
          ],
          fix: 'run `claude login` (or `claude setup-token`) or set ANTHROPIC_API_KEY',
        };
  const byVar = logins.vars.find((name) => env[name]);
  if (byVar) return { engine, ok: true, line: `engine ${engine}: ready (${byVar})` };
  const byFile = logins.files.find((file) => fs.existsSync(file));
  if (byFile) return { engine, ok: true, line: `engine ${engine}: ready (logged in: ${byFile})` };
  return { engine, ok: false, line: `engine ${engine}: not logged in (${logins.fix})` };
}

/** The engine of a project (its own setting, else the global one) and whether Shipyard's model settings feed it. */
export function projectEngine(
  settings: Settings,
  projectName: string | undefined,
): { engine: EngineName; modelConfigured: boolean } {
  const own = (projectName ? settings.projects[projectName] : undefined) ?? {};
  return {
    engine: own.engine ?? settings.engine,
    modelConfigured: Boolean(own.baseURL ?? own.apiKey ?? settings.model.baseURL ?? settings.model.apiKey),
  };
}
