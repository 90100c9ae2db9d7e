// `shipyard ask --json`: one JSON object per line on stdout, the shape documented in docs/headless.md.
// Built from the executor's events, never from their internal names, so the feed may change freely.
import type { AgentEvent } from '../agent/events.js';
import type { IntentSink } from '../core/intent-executor.js';
import type { ContextFill } from '../model/feed.js';
import type { Intent, IntentRecord } from '../model/intent.js';
import type { Project } from '../model/project.js';

export type JsonEvent =
  | { type: 'start'; intent: number; project: string; text: string }
  | { type: 'text'; delta: string }
  | { type: 'reasoning'; delta: string }
  | { type: 'tool_call'; id: string; name: string; summary: string }
  | {
      type: 'tool_result';
      id: string;
      name: string;
      summary: string;
      ok: boolean;
      durationMs: number;
      output: string;
    }
  | { type: 'usage'; input: number; cached: number; output: number; context?: ContextFill }
  | { type: 'retry'; attempt: number; delayMs: number; message: string }
  | { type: 'discard'; step: number }
  | { type: 'info'; line: string; kind?: string }
  | { type: 'approval'; tool: string; summary: string; answer: 'yes' | 'no' }
  | {
      type: 'end';
      state: IntentRecord['state'];
      exitCode: number;
      intent: IntentRecord;
      usage: { input: number; cached: number; output: number };
      /** How full the project's context is after the intent, as the pane's `ctx N%` says. */
      context?: ContextFill & { percent: number };
    };

export interface JsonSink extends IntentSink {
  usage: { input: number; cached: number; output: number };
  /** The last fill an engine reported (Codex, Claude Code); Shipyard's own loop reports none. */
  readonly reported: ContextFill | undefined;
  write(event: JsonEvent): void;
}

export function jsonSink(out: NodeJS.WritableStream = process.stdout): JsonSink {
  const usage = { input: 0, cached: 0, output: 0 };
  let reported: ContextFill | undefined;
  // JSON.stringify escapes control characters, so no escape sequence reaches a terminal raw.
  const write = (event: JsonEvent) => out.write(`${JSON.stringify(event)}\n`);
  return {
    usage,
    get reported() {
      return reported;
    },
    write,
    start(intent: Intent, project: Project) {
      write({ type: 'start', intent: intent.id, project: project.name, text: intent.text });
    },
    event(_intent, event: AgentEvent) {
      const shown = jsonEvent(event);
      if (event.type === 'usage') {
        usage.input += event.input;
        usage.cached += event.cached;
        usage.output += event.output;
        if (event.context) reported = event.context;
      }
      if (shown) write(shown);
    },
    info(_intent, line, kind) {
      write({ type: 'info', line, ...(kind ? { kind } : {}) });
    },
  };
}

function jsonEvent(event: AgentEvent): JsonEvent | undefined {
  switch (event.type) {
    case 'text':
    case 'reasoning':
      return { type: event.type, delta: event.delta };
    case 'tool-start':
      return { type: 'tool_call', id: event.callId, name: event.name, summary: event.summary };
    case 'tool-end':
      return {
        type: 'tool_result',
        id: event.callId,
        name: event.name,
        summary: event.summary,
        ok: !event.isError,
        durationMs: event.durationMs,
        output: event.output ?? event.preview ?? '',
      };
    case 'usage':
      return {
        type: 'usage',
        input: event.input,
        cached: event.cached,
        output: event.output,
        ...(event.context ? { context: event.context } : {}),
      };
    case 'retrying':
      return { type: 'retry', attempt: event.attempt, delayMs: event.delayMs, message: event.message };
    case 'discard':
      return { type: 'discard', step: event.step };
    case 'step':
    // `--yes` answers for the user: its own `approval` line says so (docs/headless.md).
    case 'approval':
    case 'approved':
      return undefined;
  }
}
