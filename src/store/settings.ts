// User settings in `conf` (JSON, schema-checked). Shape and defaults come from one zod schema.
import fs from 'node:fs';
import Conf from 'conf';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { approvalPolicies, commitPolicies, engineNames } from '../model/policies.js';
import { ensureFolder, settingsPath, shipyardHome } from './paths.js';
import { editedSettings, writeSettingsFile } from './settings-edit.js';
import { DISCOVERY_DEPTH, DISCOVERY_MAX_DEPTH } from './settings-peek.js';

export const apiKinds = ['responses', 'chat'] as const;
export const providerNames = ['openai', 'ollama', 'lmstudio', 'vllm', 'openrouter'] as const;
export const sandboxModes = ['workspace-write', 'read-only', 'off'] as const;

// `"sandbox": "read-only"` is short for `{"mode": "read-only"}`, and `"required"` for `{"required": true}`.
const sandboxShorthand = (value: unknown) =>
  typeof value === 'string' ? (value === 'required' ? { required: true } : { mode: value }) : value;
const sandboxFields = {
  mode: z.enum(sandboxModes),
  /** Agent commands may use the network. */
  network: z.boolean(),
  /** Refuse to run agent commands where no sandbox can run, instead of running them unfenced. */
  required: z.boolean(),
  /** Environment variable names (`*` wildcards) agent commands keep although they look like secrets. */
  env: z.array(z.string()),
};
export const projectSandboxSchema = z.preprocess(
  sandboxShorthand,
  z.object(sandboxFields).partial().strict(),
);
const sandboxDefaults = { mode: 'workspace-write', network: false, required: false, env: [] } as const;
export const sandboxSettingsSchema = z.preprocess(
  sandboxShorthand,
  z
    .object({
      mode: sandboxFields.mode.default(sandboxDefaults.mode),
      network: sandboxFields.network.default(false),
      required: sandboxFields.required.default(false),
      env: sandboxFields.env.default([]),
    })
    .strict(),
);

export const modelSettingsSchema = z
  .object({
    provider: z.enum(providerNames).optional(),
    apiKey: z.string().optional(),
    baseURL: z.string().optional(),
    model: z.string().optional(),
    api: z.enum(apiKinds).optional(),
    reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
    contextWindow: z.number().int().positive().optional(),
    compactThreshold: z.number().min(0.05).max(0.99).optional(),
  })
  .strict();

export const projectSettingsSchema = modelSettingsSchema
  .extend({
    approval: z.enum(approvalPolicies).optional(),
    commit: z.enum(commitPolicies).optional(),
    sandbox: projectSandboxSchema.optional(),
    engine: z.enum(engineNames).optional(),
  })
  .strict();

const SNAPSHOT_DEFAULTS = { enabled: true, keepDays: 14, keepCount: 100, maxUntrackedMB: 50 };

export const settingsSchema = z
  .object({
    /** Pinned in every workspace (`shipyard add --global`); `workspaces[root].pinned` for one. */
    pinned: z.array(z.string()).default([]),
    workspaces: z
      .record(z.string(), z.object({ pinned: z.array(z.string()).default([]) }).strict())
      .default({}),
    /** How deep below the workspace folder repositories are found (1: its children only). */
    discovery: z
      .object({ depth: z.number().int().min(1).max(DISCOVERY_MAX_DEPTH).default(DISCOVERY_DEPTH) })
      .strict()
      .default({ depth: DISCOVERY_DEPTH }),
    model: modelSettingsSchema.default({}),
    approval: z.enum(approvalPolicies).default('auto'),
    // Which agent works the projects (src/engines/): Shipyard's own, Codex CLI or Claude Code.
    engine: z.enum(engineNames).default('shipyard'),
    commit: z.enum(commitPolicies).default('commit'),
    commandTimeoutSec: z.number().positive().default(120),
    maxSteps: z.number().int().positive().default(100),
    parallel: z.number().int().min(1).max(32).default(4),
    notify: z.enum(['bell', 'osc9', 'off']).default('bell'),
    hook: z.string().optional(),
    references: z
      .object({
        tokenBudget: z.number().int().positive().default(6000),
        deny: z.array(z.string()).default([]),
      })
      .strict()
      .default({ tokenBudget: 6000, deny: [] }),
    sandbox: sandboxSettingsSchema.default({ ...sandboxDefaults, env: [] }),
    projects: z.record(z.string(), projectSettingsSchema).default({}),
    // What the working tree held before each intent, for `shipyard restore` (src/git/snapshot.ts).
    snapshots: z
      .object({
        enabled: z.boolean().default(true),
        keepDays: z.number().positive().default(14),
        keepCount: z.number().int().min(1).default(100),
        maxUntrackedMB: z.number().min(0).default(50),
      })
      .strict()
      .default(SNAPSHOT_DEFAULTS),
    // Workspaces on other hosts, opened over ssh (docs/remote.md); the name is what --host takes.
    hosts: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/, 'a host name: letters, digits, . _ @ -'),
        z
          .object({
            destination: z.string().min(1).optional(),
            root: z.string().min(1).optional(),
            command: z.string().min(1).optional(),
            open: z.boolean().optional(),
          })
          .strict(),
      )
      .default({}),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export type ModelSettings = z.infer<typeof modelSettingsSchema>;
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
export type SandboxMode = (typeof sandboxModes)[number];

/** Opens the settings file; a broken file is an error that names the file and the field. */
export class SettingsStore {
  readonly path: string;
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.path = settingsPath(env);
    ensureFolder(shipyardHome(env));
    try {
      this.conf = new Conf<Record<string, unknown>>({
        projectName: 'shipyard',
        cwd: shipyardHome(env),
        configName: 'config',
        configFileMode: 0o600,
        clearInvalidConfig: false,
        deserialize: (text) => this.parse(text),
      });
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`Settings file ${this.path} is not valid JSON: ${firstLine(error)}`);
    }
    this.read(); // validate now, so a broken file fails at start-up, not mid-task
  }

  /** The file's JSON, which must be an object: `[1,2,3]` or `null` is refused, never overwritten. */
  private parse(text: string): Record<string, unknown> {
    let value: unknown;
    try {
      value = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // JSON.parse quotes the text around the error, and a settings file may hold a key.
      throw new UserError(`Settings file ${this.path} is not valid JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      throw new UserError(`Settings file ${this.path} must hold a JSON object, not ${kind}`);
    }
    return value as Record<string, unknown>;
  }

  read(): Settings {
    let store: unknown;
    try {
      store = this.conf.store;
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(`Settings file ${this.path} cannot be read: ${firstLine(error)}`);
    }
    const parsed = settingsSchema.safeParse(store);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || '(root)';
      throw new UserError(`Settings file ${this.path}: field "${field}": ${issue.message}`);
    }
    return parsed.data;
  }

  /**
   * Sets one top-level field (`undefined` removes it) and leaves the rest of the file as written.
   * The result is validated first: a change that would break the file is refused, nothing written.
   */
  edit(field: keyof Settings, value: unknown): Settings {
    let text = '';
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.read(); // a file broken already is reported, never edited
    const next = editedSettings(text, field, value);
    const parsed = settingsSchema.safeParse(this.parse(next));
    if (!parsed.success)
      throw new UserError(`Settings file ${this.path}: ${parsed.error.issues[0]!.message}`);
    writeSettingsFile(this.path, next);
    return parsed.data;
  }

  /** Changes settings through a function; the result is validated before it is written. */
  update(change: (settings: Settings) => Settings): Settings {
    const next = settingsSchema.parse(change(this.read()));
    this.conf.store = next as unknown as Record<string, unknown>;
    return next;
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

export function settingsFileExists(env: NodeJS.ProcessEnv = process.env): boolean {
  return fs.existsSync(settingsPath(env));
}
