// A real HTTP server that speaks the Anthropic Messages API (streaming and not, text and tool use)
// from a script and records every request: Claude Code (through @anthropic-ai/claude-agent-sdk) is
// pointed at it with ANTHROPIC_BASE_URL, offline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AnthropicTurn {
  text?: string;
  toolUses?: { name: string; input: Record<string, unknown>; id?: string }[];
  usage?: { input?: number; output?: number; cacheRead?: number };
  /** Hold the stream open until the client goes away. */
  hang?: boolean;
}

export interface AnthropicRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface ScriptedAnthropic {
  /** For ANTHROPIC_BASE_URL: no `/v1`, the client adds it. */
  baseURL: string;
  /** The /v1/messages requests, in order (token counts and the like are answered but not recorded). */
  requests: AnthropicRequest[];
  close(): Promise<void>;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString(36).padStart(8, '0')}`;

function blocks(turn: AnthropicTurn) {
  const content: Record<string, unknown>[] = [];
  if (turn.text !== undefined) content.push({ type: 'text', text: turn.text });
  for (const use of turn.toolUses ?? [])
    content.push({ type: 'tool_use', id: use.id ?? nextId('toolu'), name: use.name, input: use.input });
  return content;
}

function usageOf(turn: AnthropicTurn) {
  return {
    input_tokens: turn.usage?.input ?? 100,
    output_tokens: turn.usage?.output ?? 10,
    cache_read_input_tokens: turn.usage?.cacheRead ?? 0,
    cache_creation_input_tokens: 0,
  };
}

function message(model: string, turn: AnthropicTurn) {
  const content = blocks(turn);
  return {
    id: nextId('msg'),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: turn.toolUses?.length ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: usageOf(turn),
  };
}

/** The SSE events the Messages API streams for one message. */
function events(model: string, turn: AnthropicTurn): { event: string; data: unknown }[] {
  const whole = message(model, turn);
  const out: { event: string; data: unknown }[] = [];
  const push = (event: string, data: Record<string, unknown>) =>
    out.push({ event, data: { type: event, ...data } });
  push('message_start', {
    message: { ...whole, content: [], stop_reason: null, usage: { ...whole.usage, output_tokens: 1 } },
  });
  whole.content.forEach((block, index) => {
    if (block.type === 'text') {
      push('content_block_start', { index, content_block: { type: 'text', text: '' } });
      const text = String(block.text);
      for (let i = 0; i < text.length; i += 16)
        push('content_block_delta', { index, delta: { type: 'text_delta', text: text.slice(i, i + 16) } });
    } else {
      push('content_block_start', { index, content_block: { ...block, input: {} } });
      push('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    push('content_block_stop', { index });
  });
  push('message_delta', {
    delta: { stop_reason: whole.stop_reason, stop_sequence: null },
    usage: { output_tokens: whole.usage.output_tokens },
  });
  push('message_stop', {});
  return out;
}

export async function startScriptedAnthropic(
  script: (request: AnthropicRequest, index: number) => AnthropicTurn,
): Promise<ScriptedAnthropic> {
  const requests: AnthropicRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '').split('?')[0]!;
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 100 }));
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no route ${path}` } }),
      );
      return;
    }
    const request = { path, headers: req.headers, body };
    requests.push(request);
    const turn = script(request, requests.length - 1);
    const model = String(body.model ?? 'claude-scripted');
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message(model, turn)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    if (turn.hang) {
      await new Promise((resolve) => res.on('close', resolve));
      return;
    }
    for (const event of events(model, turn))
      res.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
