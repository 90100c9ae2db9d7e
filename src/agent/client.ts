// The openai client for a model config. Its own module: the SDK costs ~30 MB and 70 ms to load, so
// the grid loads it only when an agent first runs.
import OpenAI from 'openai';
import type { ModelConfig } from './provider.js';

/** The client for a config. `maxRetries: 0`: the loop retries itself, visibly and abortably. */
export function createClient(config: ModelConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    maxRetries: 0,
    // The SDK's chatter (console.error on a malformed stream event) would write into the full-screen
    // terminal; the error it announces reaches the loop anyway and is shown as one line.
    logLevel: 'off',
    timeout: config.requestTimeoutMs,
    // OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment mean nothing to another server.
    ...(config.provider === 'openai' ? {} : { organization: null, project: null }),
  });
}
