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
}

export type ModelConfigResult = { ok: true; config: ModelConfig } | { ok: false; message: string };

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
): ModelConfigResult {
  const project = projectName ? settings.projects[projectName] : undefined;
  const pick = <K extends keyof ModelSettings>(key: K): ModelSettings[K] =>
    project?.[key] ?? settings.model[key];
  const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

  const envBaseURL = nonEmpty(env.OPENAI_BASE_URL);
  let provider: ProviderName = pick('provider') ?? 'openai';
  // A base URL alone (env or settings) that is not OpenAI's means "an OpenAI-compatible server".
  const configuredBaseURL = envBaseURL ?? pick('baseURL');
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
    if (provider === 'openai') {
      return {
        ok: false,
        message:
          'no model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL + SHIPYARD_MODEL for a local server)',
      };
    }
    return { ok: false, message: `no API key for ${provider}: set ${preset.keyEnv.join(' or ')}` };
  }

  const model = nonEmpty(env.SHIPYARD_MODEL) ?? pick('model') ?? preset.defaultModel;
  if (!model) {
    const where = provider === 'custom' ? baseURL : provider;
    return {
      ok: false,
      message: `no model configured for ${where}: set SHIPYARD_MODEL (or model.model in settings)`,
    };
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
    },
  };
}
