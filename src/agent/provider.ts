// Settings + environment -> which model endpoint to talk to, and the openai client for it.
import type { ModelSettings, Settings } from '../store/settings.js';

export type ApiKind = 'responses' | 'chat';
export type ProviderName = NonNullable<ModelSettings['provider']> | 'custom';
export type ReasoningEffort = NonNullable<ModelSettings['reasoningEffort']>;

/** The default OpenAI model: a current general model that is good at code and tools. */
export const DEFAULT_OPENAI_MODEL = 'gpt-5.5';
export const DEFAULT_CONTEXT_WINDOW = 200_000;
export const DEFAULT_COMPACT_THRESHOLD = 0.8;
/** Until the response headers arrive; a stalled stream is caught by the loop's idle timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** Where the endpoint or the model name came from, as `config show` and the pane header say it. */
export type ModelSource = 'env' | 'settings' | 'detected' | 'default';

/** What a server lists at `GET {baseURL}/models`; `server` names a well-known local one found by its port. */
export interface ListedModels {
  baseURL: string;
  server?: string;
  models: string[];
}

/**
 * What was found out over the network for the resolver (src/agent/model-detect.ts asks): `local` the
 * local server found with nothing configured (a string: why none), `models` the list at the configured
 * endpoint (a string: why it could not be read).
 */
export interface Detected {
  local?: ListedModels | string;
  models?: ListedModels | string;
}

export interface ModelConfig {
  provider: ProviderName;
  baseURL: string;
  apiKey: string;
  /** Where the key should come from, for error messages (e.g. `OPENAI_API_KEY`). */
  apiKeyEnv: string;
  model: string;
  api: ApiKind;
  reasoningEffort?: ReasoningEffort;
  contextWindow: number;
  compactThreshold: number;
  requestTimeoutMs: number;
  /** Set by the resolver (a config built by hand has none). */
  source?: { endpoint: ModelSource; model: ModelSource };
}

/** What the resolver could not decide without the network: a look for a local server, or a model list. */
export type ModelNeed = { kind: 'local' } | { kind: 'models'; baseURL: string; apiKey: string };

export type ModelConfigResult =
  | { ok: true; config: ModelConfig }
  | { ok: false; message: string; need?: ModelNeed };

interface Preset {
  baseURL: string;
  api: ApiKind;
  /** Environment variables tried in order for the key. */
  keyEnv: string[];
  /** Sent when the server needs no key (the SDK insists on one). */
  placeholderKey?: string;
  defaultModel?: string;
}

export const providerPresets: Record<Exclude<ProviderName, 'custom'>, Preset> = {
  openai: {
    baseURL: 'https://api.openai.com/v1',
    api: 'responses',
    keyEnv: ['OPENAI_API_KEY'],
    defaultModel: DEFAULT_OPENAI_MODEL,
  },
  ollama: { baseURL: 'http://localhost:11434/v1', api: 'chat', keyEnv: [], placeholderKey: 'ollama' },
  lmstudio: { baseURL: 'http://localhost:1234/v1', api: 'chat', keyEnv: [], placeholderKey: 'lm-studio' },
  vllm: { baseURL: 'http://localhost:8000/v1', api: 'chat', keyEnv: [], placeholderKey: 'EMPTY' },
  openrouter: {
    baseURL: 'https://openrouter.ai/api/v1',
    api: 'chat',
    keyEnv: ['OPENROUTER_API_KEY', 'OPENAI_API_KEY'],
  },
};

const customPreset: Preset = {
  baseURL: '',
  api: 'chat',
  keyEnv: ['OPENAI_API_KEY'],
  placeholderKey: 'no-key',
};

const efforts: readonly string[] = ['minimal', 'low', 'medium', 'high'];

function isOpenAIHost(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/**
 * Resolves the model endpoint for a project. Precedence: environment, then the project's settings,
 * then the global model settings, then the provider preset. The message on failure is one line.
 */
export function resolveModelConfig(
  settings: Settings,
  projectName: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  detected: Detected = {},
): ModelConfigResult {
  const project = projectName ? settings.projects[projectName] : undefined;
  const pick = <K extends keyof ModelSettings>(key: K): ModelSettings[K] =>
    project?.[key] ?? settings.model[key];
  const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

  const envBaseURL = nonEmpty(env.OPENAI_BASE_URL);
  let provider: ProviderName = pick('provider') ?? 'openai';
  // A base URL alone (env or settings) that is not OpenAI's means "an OpenAI-compatible server".
  let configuredBaseURL = envBaseURL ?? pick('baseURL');
  let endpointSource: ModelSource = envBaseURL
    ? 'env'
    : configuredBaseURL || pick('provider')
      ? 'settings'
      : 'default';
  // Nothing configured at all (no endpoint, no key): a local server found on its well-known port.
  const nothingSet =
    !pick('provider') &&
    !configuredBaseURL &&
    !providerPresets.openai.keyEnv.some((name) => nonEmpty(env[name]));
  if (nothingSet && !pick('apiKey')) {
    if (detected.local === undefined) return { ok: false, message: NO_MODEL, need: { kind: 'local' } };
    if (typeof detected.local === 'string') return { ok: false, message: `${NO_MODEL}; ${detected.local}` };
    configuredBaseURL = detected.local.baseURL;
    endpointSource = 'detected';
  }
  if (!pick('provider') && configuredBaseURL && !isOpenAIHost(configuredBaseURL)) provider = 'custom';
  const preset = provider === 'custom' ? customPreset : providerPresets[provider];

  const baseURL = (configuredBaseURL ?? preset.baseURL).replace(/\/+$/, '');
  const envApi = nonEmpty(env.SHIPYARD_API);
  if (envApi && envApi !== 'responses' && envApi !== 'chat') {
    return { ok: false, message: `SHIPYARD_API must be "responses" or "chat", not "${envApi}"` };
  }
  const api = (envApi as ApiKind | undefined) ?? pick('api') ?? preset.api;
  const envEffort = nonEmpty(env.SHIPYARD_REASONING_EFFORT);
  if (envEffort && !efforts.includes(envEffort)) {
    return {
      ok: false,
      message: `SHIPYARD_REASONING_EFFORT must be one of ${efforts.join(', ')}, not "${envEffort}"`,
    };
  }
  const reasoningEffort = (envEffort as ReasoningEffort | undefined) ?? pick('reasoningEffort');

  const envKeyName = preset.keyEnv.find((name) => nonEmpty(env[name]));
  const apiKey =
    (envKeyName ? nonEmpty(env[envKeyName]) : undefined) ?? pick('apiKey') ?? preset.placeholderKey;
  const apiKeyEnv = preset.keyEnv[0] ?? 'apiKey in settings';
  if (!apiKey) {
    if (provider === 'openai') return { ok: false, message: NO_MODEL };
    return { ok: false, message: `no API key for ${provider}: set ${preset.keyEnv.join(' or ')}` };
  }

  const chosen = nonEmpty(env.SHIPYARD_MODEL) ?? pick('model') ?? preset.defaultModel;
  let modelSource: ModelSource = nonEmpty(env.SHIPYARD_MODEL)
    ? 'env'
    : pick('model')
      ? 'settings'
      : 'default';
  let model = chosen;
  if (!model) {
    // No name: the endpoint's own list decides when it holds exactly one model.
    const where = provider === 'custom' ? baseURL : provider;
    const listed = [detected.models, detected.local].find(
      (found): found is ListedModels => typeof found === 'object' && found.baseURL === baseURL,
    );
    const failed = typeof detected.models === 'string' ? detected.models : undefined;
    if (!listed && !failed) {
      return { ok: false, message: noModelFor(where), need: { kind: 'models', baseURL, apiKey } };
    }
    if (!listed || listed.models.length === 0) {
      return { ok: false, message: `${noModelFor(where)}; ${failed ?? `${baseURL} lists no models`}` };
    }
    if (listed.models.length > 1) {
      const names = listed.models.slice(0, 8).join(', ') + (listed.models.length > 8 ? ', …' : '');
      return {
        ok: false,
        message: `${listed.models.length} models at ${baseURL} (${names}): pick one with SHIPYARD_MODEL, -m or model.model in settings`,
      };
    }
    model = listed.models[0]!;
    modelSource = 'detected';
  }

  return {
    ok: true,
    config: {
      provider,
      baseURL,
      apiKey,
      apiKeyEnv,
      model,
      api,
      ...(reasoningEffort ? { reasoningEffort } : {}),
      contextWindow: pick('contextWindow') ?? DEFAULT_CONTEXT_WINDOW,
      compactThreshold: pick('compactThreshold') ?? DEFAULT_COMPACT_THRESHOLD,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      source: { endpoint: endpointSource, model: modelSource },
    },
  };
}

const NO_MODEL =
  'no model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL + SHIPYARD_MODEL for a local server)';
const noModelFor = (where: string) =>
  `no model configured for ${where}: set SHIPYARD_MODEL (or model.model in settings)`;

/** `qwen3 @ 127.0.0.1:11434 · detected`: the model, its host and where they came from, for a pane. */
export function modelLabel(config: ModelConfig): string {
  let host = config.baseURL;
  try {
    host = new URL(config.baseURL).host;
  } catch {}
  return config.source
    ? `${config.model} @ ${host} · ${sourceLabel(config.source)}`
    : `${config.model} @ ${host}`;
}

/** `env`, or `endpoint from settings, model detected` when the two differ. */
export function sourceLabel({ endpoint, model }: NonNullable<ModelConfig['source']>): string {
  const word = (source: ModelSource) =>
    source === 'env' ? 'from the environment' : source === 'settings' ? 'from settings' : source;
  if (endpoint === model) return endpoint === 'env' ? 'environment' : endpoint;
  return `endpoint ${word(endpoint)}, model ${word(model)}`;
}
