// The checks of `shipyard doctor`, in the order they print. Each says one line: what it found, or what
// is wrong and the fix. Another check is one more entry in `doctorChecks` (an engine's, say).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { listModels, resolveModel } from '../../agent/model-detect.js';
import type { ModelConfig } from '../../agent/provider.js';
import type { ExternalEngine } from '../../engines/engine.js';
import { engineStatus, projectEngine } from '../../engines/missing.js';
import { errorMessage } from '../../errors.js';
import { sandboxPolicy } from '../../sandbox/policy.js';
import { sandboxSupport } from '../../sandbox/support.js';
import { openDb } from '../../store/db.js';
import { settingsPath, shipyardHome, statePath } from '../../store/paths.js';
import { type Settings, SettingsStore } from '../../store/settings.js';

export interface CheckResult {
  ok: boolean;
  /** What was checked, and what it found (`Node.js 24.21.0`, `bwrap cannot run here: …`). */
  line: string;
  /** What to do about a failure. */
  fix?: string;
}

/** What the checks share: the environment, and what earlier checks found out. */
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  /** The project whose model and sandbox are checked (`--project`), if any. */
  project?: string;
  /** Set by the settings check when the file is valid. */
  settings?: Settings;
  /** Set by the model check when a model was resolved. */
  model?: ModelConfig;
}

export interface DoctorCheck {
  name: string;
  run(context: DoctorContext): Promise<CheckResult[]>;
}

const MIN_NODE = [22, 22] as const;

const node: DoctorCheck = {
  name: 'node',
  async run() {
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
    return [
      {
        ok,
        line: `Node.js ${process.versions.node}${ok ? '' : ` (needs ${MIN_NODE.join('.')} or newer)`}`,
        fix: 'install Node.js 24 (https://nodejs.org, or `nvm install 24`)',
      },
    ];
  },
};

const git: DoctorCheck = {
  name: 'git',
  async run() {
    try {
      const { stdout } = await promisify(execFile)('git', ['--version'], { timeout: 5000 });
      return [{ ok: true, line: stdout.trim() }];
    } catch (error) {
      return [
        { ok: false, line: `git: ${errorMessage(error)}`, fix: 'install git (e.g. `apt install git`)' },
      ];
    }
  },
};

const settings: DoctorCheck = {
  name: 'settings',
  async run(context) {
    const file = settingsPath(context.env);
    try {
      context.settings = new SettingsStore(context.env).read();
      const state = fs.existsSync(file) ? 'valid' : 'none yet, the defaults apply';
      return [{ ok: true, line: `settings file ${file} (${state})` }];
    } catch (error) {
      return [
        {
          ok: false,
          line: errorMessage(error),
          fix: `correct that field, or move ${file} away to start from the defaults`,
        },
      ];
    }
  },
};

const sandbox: DoctorCheck = {
  name: 'sandbox',
  async run(context) {
    const policy = context.settings ? sandboxPolicy(context.settings, context.project ?? '') : undefined;
    if (policy?.mode === 'off') {
      return [{ ok: true, line: 'sandbox off in the settings: agent commands run unfenced' }];
    }
    const support = sandboxSupport(context.env);
    if (support.ok) return [{ ok: true, line: `sandbox: bubblewrap (${support.bwrap}) runs here` }];
    return [
      {
        ok: false,
        line: `sandbox: ${support.reason}`,
        fix:
          process.platform === 'linux'
            ? 'install bubblewrap (`apt install bubblewrap`) and allow unprivileged user namespaces'
            : 'agent commands run unfenced here; `"sandbox": "off"` in the settings says you know',
      },
    ];
  },
};

const state: DoctorCheck = {
  name: 'state',
  async run(context) {
    const file = statePath(context.env);
    if (!fs.existsSync(file)) {
      try {
        fs.accessSync(
          fs.existsSync(shipyardHome(context.env)) ? shipyardHome(context.env) : '.',
          fs.constants.W_OK,
        );
        return [{ ok: true, line: `state database ${file} (none yet, made at first use)` }];
      } catch (error) {
        return [
          {
            ok: false,
            line: `state database ${file}: ${errorMessage(error)}`,
            fix: 'make SHIPYARD_HOME writable',
          },
        ];
      }
    }
    try {
      const db = openDb(file);
      try {
        const row = db.prepare('PRAGMA quick_check').get() as { quick_check?: string } | undefined;
        const verdict = row?.quick_check ?? 'no answer';
        if (verdict !== 'ok') {
          return [
            {
              ok: false,
              line: `state database ${file}: ${verdict}`,
              fix: `move ${file} away (queues and contexts start empty)`,
            },
          ];
        }
      } finally {
        db.close();
      }
      return [{ ok: true, line: `state database ${file} (readable, migrated)` }];
    } catch (error) {
      return [
        {
          ok: false,
          line: errorMessage(error),
          fix: `check the file's owner and mode, or move ${file} away`,
        },
      ];
    }
  },
};

const model: DoctorCheck = {
  name: 'model',
  async run(context) {
    if (!context.settings) {
      return [
        {
          ok: false,
          line: 'model: not checked (the settings file is broken)',
          fix: 'fix the settings first',
        },
      ];
    }
    const resolved = await resolveModel(context.settings, context.project, context.env);
    if (!resolved.ok) {
      return [
        {
          ok: false,
          line: `model: ${resolved.message}`,
          fix: 'set OPENAI_API_KEY, or OPENAI_BASE_URL (+ SHIPYARD_MODEL), or start Ollama / LM Studio',
        },
      ];
    }
    const config = resolved.config;
    context.model = config;
    const listed = await listModels(config.baseURL, config.apiKey);
    if (!listed.ok && !listed.reachable) {
      return [
        {
          ok: false,
          line: `model endpoint ${listed.message}`,
          fix: 'start the server, or correct OPENAI_BASE_URL',
        },
      ];
    }
    const results: CheckResult[] = [{ ok: true, line: `model endpoint ${config.baseURL} answers` }];
    if (!listed.ok) {
      results.push({
        ok: false,
        line: `model list: ${listed.message}`,
        fix: /\b40[13]\b/.test(listed.message)
          ? `check the API key (${config.apiKeyEnv})`
          : 'check the base URL',
      });
    } else if (!listed.models.includes(config.model)) {
      const some = listed.models.slice(0, 6).join(', ') || 'none';
      results.push({
        ok: false,
        line: `model ${config.model} is not listed at ${config.baseURL} (it has: ${some})`,
        fix: 'set SHIPYARD_MODEL (or model.model in settings) to one it has, or pull that model',
      });
    } else {
      results.push({ ok: true, line: `model ${config.model} is listed` });
    }
    results.push(await oneToken(config));
    return results;
  },
};

/** The smallest real request: proof that the key, the model name and the API kind all fit. */
async function oneToken(config: ModelConfig): Promise<CheckResult> {
  const { createClient } = await import('../../agent/client.js');
  const client = createClient({ ...config, requestTimeoutMs: 60_000 });
  try {
    if (config.api === 'responses') {
      await client.responses.create({
        model: config.model,
        input: 'Say OK.',
        max_output_tokens: 16,
        store: false,
      });
    } else {
      await client.chat.completions.create({
        model: config.model,
        messages: [{ role: 'user', content: 'Say OK.' }],
        max_tokens: 1,
      });
    }
    return { ok: true, line: `a one-token request to ${config.model} was answered (${config.api} API)` };
  } catch (error) {
    return {
      ok: false,
      line: `a one-token request to ${config.model} failed: ${errorMessage(error)}`,
      fix:
        config.api === 'responses'
          ? 'a server without the Responses API needs SHIPYARD_API=chat'
          : 'check the model name and the key',
    };
  }
}

/** Codex or Claude Code, where the settings (global, a project's, or `--project`'s) choose one. */
const engines: DoctorCheck = {
  name: 'engines',
  async run({ env, project, settings }) {
    if (!settings) return [];
    const names = project ? [project] : [undefined, ...Object.keys(settings.projects)];
    // Per engine: whether any project using it feeds it Shipyard's model settings.
    const used = new Map<ExternalEngine, boolean>();
    for (const name of names) {
      const { engine, modelConfigured } = projectEngine(settings, name);
      if (engine !== 'shipyard') used.set(engine, (used.get(engine) ?? false) || modelConfigured);
    }
    return [...used].map(([engine, configured]) => {
      const status = engineStatus(engine, env, configured);
      return { ok: status.ok, line: status.line };
    });
  },
};

export const doctorChecks: DoctorCheck[] = [node, git, settings, sandbox, state, model, engines];
