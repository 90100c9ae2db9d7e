// A real HTTP server that speaks the OpenAI Responses and Chat Completions APIs from a script, records
// every request, and injects the faults real endpoints produce. Tests drive the real openai client at it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatChunks, chatCompletion } from './scripted-server/chat-chunks.js';
import {
  outputItems,
  responseObject,
  responsesEvents,
  type SseEvent,
} from './scripted-server/responses-events.js';
import type { Api, RecordedRequest, Script, ScriptedTurn } from './scripted-server/types.js';

export type * from './scripted-server/types.js';

export interface ScriptedServer {
  /** Base URL for the client, ending in `/v1`. */
  baseURL: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Streams the client closed before the server finished them (cancelled requests). */
  clientAborts: number;
  close(): Promise<void>;
}

/** The environment that points the app at `server` as a Chat Completions (or Responses) model, with state in `home`. */
export function scriptedEnv(
  server: ScriptedServer,
  home: string,
  api: 'chat' | 'responses' = 'chat',
): Record<string, string> {
  return {
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: api,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pickTurn(script: Script, request: RecordedRequest, index: number): ScriptedTurn | undefined {
  return typeof script === 'function' ? script(request, index) : script[index];
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: http.ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(res, status, { error: { message, type: 'scripted_error', param: null, code: null } }, headers);
}

async function stream(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  turn: ScriptedTurn,
  events: SseEvent[],
  trailer: string,
): Promise<boolean> {
  let closed = false;
  res.on('close', () => {
    closed = !res.writableFinished;
  });
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  const fault = turn.fault;
  if (fault?.kind === 'hang') {
    await new Promise((resolve) => res.on('close', resolve));
    return true;
  }
  for (let i = 0; i < events.length; i++) {
    if (fault && (fault.kind === 'reset' || fault.kind === 'broken') && i === (fault.afterEvents ?? 0)) {
      if (fault.kind === 'reset') {
        // Let the events already written reach the client first, or the reset swallows them.
        if (i > 0) await sleep(30);
        req.socket.destroy();
      } else res.end();
      return false;
    }
    if (turn.delayMs) await sleep(turn.delayMs);
    if (turn.hold && i === turn.hold.afterEvents) await turn.hold.until;
    if (closed || res.destroyed) return true;
    if (fault?.kind === 'malformed' && i === (fault.afterEvents ?? 0)) res.write('data: {"type": "resp\n\n');
    const event = events[i]!;
    const head = event.event ? `event: ${event.event}\n` : '';
    res.write(`${head}data: ${JSON.stringify(event.data)}\n\n`);
  }
  res.end(trailer);
  return false;
}

export async function startScriptedServer(
  script: Script,
  /** `models`: what `GET /v1/models` lists (default: `model`, or `scripted-model`). */
  options: { model?: string; models?: string[] } = {},
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const state = { clientAborts: 0 };
  let turnIndex = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '').split('?')[0]!;
    const api: Api | undefined = path.endsWith('/responses')
      ? 'responses'
      : path.endsWith('/chat/completions')
        ? 'chat'
        : undefined;
    if (req.method === 'GET' && path.endsWith('/models')) {
      const ids = options.models ?? [options.model ?? 'scripted-model'];
      return sendJson(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'scripted' })),
      });
    }
    if (req.method !== 'POST' || !api)
      return sendError(res, 404, `scripted server: no route ${req.method} ${path}`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(res, 400, 'scripted server: body is not JSON');
    }
    const request: RecordedRequest = { api, path, headers: req.headers, raw, body, at: performance.now() };
    requests.push(request);
    const index = turnIndex++;
    const turn = pickTurn(script, request, index);
    if (!turn) return sendError(res, 400, `scripted server: no turn scripted for request ${index + 1}`);
    const model = String(body.model ?? options.model ?? 'scripted-model');

    const fault = turn.fault;
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
      return sendError(res, fault.status, fault.message ?? `scripted status ${fault.status}`, headers);
    }

    if (body.stream !== true) {
      if (api === 'chat') return sendJson(res, 200, chatCompletion(model, turn));
      return sendJson(res, 200, responseObject(model, turn, outputItems(turn), 'completed'));
    }
    const events =
      api === 'responses'
        ? responsesEvents(model, turn)
        : chatChunks(
            model,
            turn,
            (body.stream_options as { include_usage?: boolean })?.include_usage === true,
          );
    const aborted = await stream(req, res, turn, events, api === 'chat' ? 'data: [DONE]\n\n' : '');
    request.doneAt = performance.now();
    if (aborted) state.clientAborts++;
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `scripted server crashed: ${String(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get clientAborts() {
      return state.clientAborts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
