// Prints an intent's progress headless: the answer streams to stdout, one line per tool call,
// retries and notes on stderr so stdout stays the agent's words and tool lines.
import type { AgentEvent } from '../agent/events.js';
import type { IntentSink } from '../core/intent-executor.js';
import { stripControls } from '../sanitize.js';

export function consoleSink(
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): IntentSink & { usage: { input: number; cached: number; output: number } } {
  let midLine = false;
  const usage = { input: 0, cached: 0, output: 0 };
  const line = (text: string, stream = out) => {
    if (midLine) out.write('\n');
    midLine = false;
    stream.write(`${stripControls(text)}\n`);
  };
  return {
    usage,
    event(_intent, event: AgentEvent) {
      switch (event.type) {
        case 'text':
          // Model text must not drive the user's terminal: no escape sequence passes, even split.
          out.write(stripControls(event.delta));
          midLine = !event.delta.endsWith('\n');
          break;
        case 'tool-end':
          line(toolLine(event));
          break;
        case 'retrying':
          // The message already says when and which attempt: "…; retrying in 2s (attempt 2/5)".
          line(event.message, err);
          break;
        case 'discard':
          line('(the stream broke; asking again)', err);
          break;
        case 'steer':
          line(`(steer) ${event.text}`);
          break;
        case 'usage':
          usage.input += event.input;
          usage.cached += event.cached;
          usage.output += event.output;
          break;
        default:
          break;
      }
    },
    info(_intent, text) {
      line(text);
    },
    start() {},
  };
}

/** One line per tool call, the same in `ask` and `run`. */
export function toolLine(event: Extract<AgentEvent, { type: 'tool-end' }>): string {
  return `${event.isError ? '✗' : '•'} ${event.summary}`;
}

export function finishLine(sink: { usage: { input: number; cached: number; output: number } }): string {
  const { input, cached, output } = sink.usage;
  return `tokens: ${input} in (${cached} cached), ${output} out`;
}
