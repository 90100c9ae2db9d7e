// The network half of choosing a model: a local OpenAI-compatible server found on its well-known port
// when nothing is configured, and an endpoint's `/models` list when no model name is. Each look
// happens once per process (a failed one is tried again next time); `resolveModelConfig` decides.

import net from 'node:net';
import type { Settings } from '../store/settings.js';
import { type Detected, type ListedModels, type ModelConfigResult, resolveModelConfig } from './provider.js';

/** The local servers looked for, in order of preference when several answer. */
export const LOCAL_SERVERS = [
  { name: 'Ollama', port: 11434 },
  { name: 'LM Studio', port: 1234 },
  { name: 'vLLM', port: 8000 },
  { name: 'llama.cpp', port: 8080 },
] as const;

/** A local server answers at once or not at all: the grid and `ask` never wait longer. */
const LOCAL_TIMEOUT_MS = 500;
/** A configured endpoint may be remote. */
const LIST_TIMEOUT_MS = 3000;

/**
 * The ports to look at: `SHIPYARD_DETECT_PORTS` (comma-separated; empty or `off`: none) or the
 * well-known ones.
 */
export function localServers(env: NodeJS.ProcessEnv): { name: string; port: number }[] {
  const setting = env.SHIPYARD_DETECT_PORTS;
  if (setting === undefined) return [...LOCAL_SERVERS];
  if (setting.trim() === 'off') return [];
  return setting
    .split(',')
    .map((word) => Number(word.trim()))
    .filter((port) => Number.isInteger(port) && port > 0 && port < 65536)
    .map((port) => ({ name: LOCAL_SERVERS.find((s) => s.port === port)?.name ?? `port ${port}`, port }));
}

const looks = new Map<string, Promise<ListedModels | string>>();

/** One look per key at a time and per process; a failure is forgotten once it settled. */
function once(key: string, look: () => Promise<ListedModels | string>): Promise<ListedModels | string> {
  let pending = looks.get(key);
  if (!pending) {
    pending = look();
    looks.set(key, pending);
    void pending.then((result) => {
      if (typeof result === 'string') looks.delete(key);
    });
  }
  return pending;
}

/** `GET {baseURL}/models`: the model ids, or one line saying why not. */
export async function listModels(
  baseURL: string,
  apiKey: string | undefined,
  timeoutMs = LIST_TIMEOUT_MS,
): Promise<{ ok: true; models: string[] } | { ok: false; message: string; reachable: boolean }> {
  let response: Response;
  try {
    response = await fetch(`${baseURL.replace(/\/+$/, '')}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, reachable: false, message: `${baseURL} is unreachable (${networkReason(error)})` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, reachable: true, message: `${baseURL}/models answered ${response.status}` };
  }
  try {
    const body = (await response.json()) as { data?: { id?: unknown }[] };
    const models = (body.data ?? [])
      .map((entry) => entry.id)
      .filter((id): id is string => typeof id === 'string');
    return { ok: true, models };
  } catch {
    return { ok: false, reachable: true, message: `${baseURL}/models is not an OpenAI-style model list` };
  }
}

/** `ECONNREFUSED`, `timed out`, `ENOTFOUND`: what a failed fetch says in a word. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  if (cause?.code) return cause.code;
  if ((error as Error)?.name === 'TimeoutError') return 'timed out';
  return (error as Error)?.message ?? String(error);
}

/** The first local server (in `LOCAL_SERVERS` order) that lists its models; all are asked at once. */
export function findLocalServer(env: NodeJS.ProcessEnv = process.env): Promise<ListedModels | string> {
  const servers = localServers(env);
  return once(`local ${servers.map((s) => s.port).join(',')}`, async () => {
    if (servers.length === 0) return 'looking for a local server is off (SHIPYARD_DETECT_PORTS)';
    const answers = await Promise.all(
      servers.map(async (server) => {
        const baseURL = `http://127.0.0.1:${server.port}/v1`;
        // Usually nothing listens: a refused connection needs no HTTP client (the first fetch loads
        // undici, ~45 ms of the grid's start-up CPU).
        if (!(await accepts(server.port, LOCAL_TIMEOUT_MS))) return undefined;
        const listed = await listModels(baseURL, undefined, LOCAL_TIMEOUT_MS);
        return listed.ok ? { baseURL, server: server.name, models: listed.models } : undefined;
      }),
    );
    const found = answers.find((answer) => answer !== undefined);
    if (found) return found;
    const names = servers.map((s) => (s.name.startsWith('port') ? s.name : `${s.name} ${s.port}`)).join(', ');
    return `or start a local server (nothing answered on ${names})`;
  });
}

/** Whether something accepts a TCP connection on the loopback port within `timeoutMs`. */
function accepts(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function modelsAt(baseURL: string, apiKey: string): Promise<ListedModels | string> {
  return once(`models ${baseURL}`, async () => {
    const listed = await listModels(baseURL, apiKey);
    return listed.ok ? { baseURL, models: listed.models } : listed.message;
  });
}

/** `resolveModelConfig` with what it needs from the network looked up first. */
export async function resolveModel(
  settings: Settings,
  projectName: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ModelConfigResult> {
  const detected: Detected = {};
  let result = resolveModelConfig(settings, projectName, env, detected);
  // At most two looks: a local server (which lists its models too), then an endpoint's models.
  for (let look = 0; look < 2 && !result.ok && result.need; look++) {
    const need = result.need;
    if (need.kind === 'local') detected.local = await findLocalServer(env);
    else detected.models = await modelsAt(need.baseURL, need.apiKey);
    result = resolveModelConfig(settings, projectName, env, detected);
  }
  return result;
}

/** One line when the endpoint does not answer at all (any HTTP answer counts as reachable). */
export async function unreachable(baseURL: string, apiKey: string): Promise<string | undefined> {
  const listed = await once(`reach ${baseURL}`, async () => {
    const answer = await listModels(baseURL, apiKey);
    return answer.ok || answer.reachable ? { baseURL, models: [] } : answer.message;
  });
  return typeof listed === 'string' ? listed : undefined;
}
