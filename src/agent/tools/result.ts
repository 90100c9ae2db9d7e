// Small helpers every tool uses to answer the model: expected failures are results, not exceptions.
import { UserError } from '../../errors.js';
import type { ToolResult } from '../tool.js';

export function failure(output: string, summary: string): ToolResult {
  return { output, summary, isError: true };
}

/** Runs `body`; a `UserError` (bad path, refused file, no match) becomes an error result for the model. */
export async function guard(summary: string, body: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UserError) return failure(error.message, `${summary} → ${error.message}`);
    throw error;
  }
}

/** The first line of `text`, cut to `max` characters, for one-line summaries. */
export function oneLine(text: string, max = 80): string {
  const first = text.trim().split('\n')[0] ?? '';
  const more = first.length > max || text.trim().includes('\n');
  return more ? `${first.slice(0, max - 1)}…` : first;
}

/** `1 line`, `3 lines`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
