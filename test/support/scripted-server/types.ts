// The script a test hands to the scripted OpenAI-compatible server, and what the server records.
import type { IncomingHttpHeaders } from 'node:http';

/** Chat Completions servers that stream tool calls in non-standard ways (Ollama, LiteLLM, ...). */
export type SloppyToolCalls =
  /** `index` left out of every tool-call delta. */
  | 'no-index'
  /** Every call streamed at `index: 0` (each with its own id). */
  | 'all-index-0'
  /** No `id` on any call. */
  | 'no-id'
  /** Each call whole in one chunk: id, name and complete arguments. */
  | 'one-chunk'
  /** Arguments sent as a JSON object instead of a string, whole in one chunk. */
  | 'object-args';

export type Fault =
  /** Answer with this HTTP status and an OpenAI-style error body. */
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: string; message?: string }
  /** Destroy the socket after `afterEvents` stream events (0: right after the headers). */
  | { kind: 'reset'; afterEvents?: number }
  /** End the stream cleanly after `afterEvents` events, without a completion event. */
  | { kind: 'broken'; afterEvents?: number }
  /** Send the headers and then nothing until the client goes away. */
  | { kind: 'hang' }
  /** Hostile: after `afterEvents` events, an event whose data is not JSON, then the rest. */
  | { kind: 'malformed'; afterEvents?: number };

export interface ScriptedToolCall {
  name: string;
  /** A string is sent verbatim (so it may be malformed JSON); an object is JSON-encoded. */
  arguments: string | Record<string, unknown>;
  /** The call id; generated when left out. */
  id?: string;
}

export interface ScriptedTurn {
  /** Reasoning (Responses API only): an opaque blob the client must replay, and a summary. */
  reasoning?: { encrypted: string; summary?: string };
  text?: string;
  /** Stream `text` as exactly these deltas (e.g. one word each) instead of fixed-size pieces. */
  deltas?: string[];
  toolCalls?: ScriptedToolCall[];
  usage?: { input?: number; cached?: number; output?: number };
  fault?: Fault;
  /** Delay before each stream event, in ms. */
  delayMs?: number;
  /** Stream the first `afterEvents` events, then wait for `until` before the rest (a step held mid-answer). */
  hold?: { afterEvents: number; until: Promise<unknown> };
  /** Chat Completions only: stream the tool calls the way some servers do. */
  sloppy?: SloppyToolCalls;
}

export type Api = 'responses' | 'chat';

export interface RecordedRequest {
  api: Api;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw request body, exactly as the client sent it. */
  raw: Buffer;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** When the request body had arrived (performance.now()). */
  at: number;
  /** When the server finished streaming the answer. */
  doneAt?: number;
}

export type Script = ScriptedTurn[] | ((request: RecordedRequest, index: number) => ScriptedTurn);
