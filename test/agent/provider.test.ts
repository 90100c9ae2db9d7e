import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/agent/client.js';
import { DEFAULT_OPENAI_MODEL, resolveModelConfig } from '../../src/agent/provider.js';
import { type Settings, settingsSchema } from '../../src/store/settings.js';

const settings = (value: Record<string, unknown> = {}): Settings => settingsSchema.parse(value);

describe('resolveModelConfig', () => {
  it('without a key names OPENAI_API_KEY in one line (and asks for a look for a local server)', () => {
    const result = resolveModelConfig(settings(), 'web', {});
    expect(result).toEqual({
      ok: false,
      message:
        'no model configured: set OPENAI_API_KEY (or OPENAI_BASE_URL + SHIPYARD_MODEL for a local server)',
      need: { kind: 'local' },
    });
  });

  it('defaults to OpenAI with the Responses API and the default model', () => {
    const result = resolveModelConfig(settings(), 'web', { OPENAI_API_KEY: 'sk-1' });
    expect(result).toEqual({
      ok: true,
      config: {
        provider: 'openai',
        baseURL: 'https://api.openai.com/v1',
        apiKey: 'sk-1',
        apiKeyEnv: 'OPENAI_API_KEY',
        model: DEFAULT_OPENAI_MODEL,
        api: 'responses',
        contextWindow: 200_000,
        compactThreshold: 0.8,
        requestTimeoutMs: expect.any(Number),
        source: { endpoint: 'default', model: 'default' },
      },
    });
  });

  it('a local base URL plus a model is a chat server that needs no key', () => {
    const result = resolveModelConfig(settings(), undefined, {
      OPENAI_BASE_URL: 'http://127.0.0.1:9999/v1/',
      SHIPYARD_MODEL: 'qwen3-coder',
    });
    expect(result).toMatchObject({
      ok: true,
      config: { provider: 'custom', baseURL: 'http://127.0.0.1:9999/v1', model: 'qwen3-coder', api: 'chat' },
    });
  });

  it('presets give base URL and API; a local preset without a model says so', () => {
    expect(
      resolveModelConfig(settings({ model: { provider: 'ollama', model: 'llama3.3' } }), 'web', {}),
    ).toMatchObject({
      ok: true,
      config: { baseURL: 'http://localhost:11434/v1', api: 'chat', apiKey: 'ollama', model: 'llama3.3' },
    });
    expect(resolveModelConfig(settings({ model: { provider: 'vllm' } }), 'web', {})).toEqual({
      ok: false,
      message: 'no model configured for vllm: set SHIPYARD_MODEL (or model.model in settings)',
      // The endpoint's model list decides (src/agent/model-detect.ts).
      need: { kind: 'models', baseURL: 'http://localhost:8000/v1', apiKey: 'EMPTY' },
    });
    expect(
      resolveModelConfig(settings({ model: { provider: 'openrouter', model: 'x/y' } }), 'web', {
        OPENROUTER_API_KEY: 'or',
      }),
    ).toMatchObject({
      ok: true,
      config: { baseURL: 'https://openrouter.ai/api/v1', apiKey: 'or', api: 'chat' },
    });
    expect(
      resolveModelConfig(settings({ model: { provider: 'openrouter', model: 'x/y' } }), 'web', {}),
    ).toEqual({
      ok: false,
      message: 'no API key for openrouter: set OPENROUTER_API_KEY or OPENAI_API_KEY',
    });
  });

  it('environment beats project settings, which beat global settings', () => {
    const s = settings({
      model: { model: 'global-model', reasoningEffort: 'low', contextWindow: 100_000 },
      projects: { web: { model: 'project-model', compactThreshold: 0.5 } },
    });
    const env = { OPENAI_API_KEY: 'k' };
    expect(resolveModelConfig(s, 'web', env)).toMatchObject({
      ok: true,
      config: {
        model: 'project-model',
        reasoningEffort: 'low',
        contextWindow: 100_000,
        compactThreshold: 0.5,
      },
    });
    expect(resolveModelConfig(s, 'api', env)).toMatchObject({ ok: true, config: { model: 'global-model' } });
    expect(
      resolveModelConfig(s, 'web', {
        ...env,
        SHIPYARD_MODEL: 'env-model',
        SHIPYARD_API: 'chat',
        SHIPYARD_REASONING_EFFORT: 'high',
      }),
    ).toMatchObject({ ok: true, config: { model: 'env-model', api: 'chat', reasoningEffort: 'high' } });
  });

  it('rejects bad SHIPYARD_API and SHIPYARD_REASONING_EFFORT values in one line', () => {
    expect(resolveModelConfig(settings(), 'web', { OPENAI_API_KEY: 'k', SHIPYARD_API: 'grpc' })).toEqual({
      ok: false,
      message: 'SHIPYARD_API must be "responses" or "chat", not "grpc"',
    });
    expect(
      resolveModelConfig(settings(), 'web', { OPENAI_API_KEY: 'k', SHIPYARD_REASONING_EFFORT: 'max' }),
    ).toMatchObject({
      ok: false,
    });
  });

  it('makes a client that does not retry on its own', () => {
    const result = resolveModelConfig(settings(), 'web', { OPENAI_API_KEY: 'k' });
    if (!result.ok) throw new Error(result.message);
    const client = createClient(result.config);
    expect(client.maxRetries).toBe(0);
    expect(client.baseURL).toBe('https://api.openai.com/v1');
  });
});
