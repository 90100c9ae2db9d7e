// What Codex's own session file (its "rollout", one JSON event a line under CODEX_HOME/sessions) says
// of a thread's tokens after a turn. The SDK's `turn.completed` usage is the thread's running total
// since it started (also across resumes) and has no window; Codex's `token_count` events carry the
// total, the last request's usage (what the context holds now) and the model's window.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Usage } from '../model/feed.js';

export interface CodexTurnTokens {
  /** This turn's own tokens: the running total now, less the total when the turn started. */
  turn: Usage;
  /** The context after the turn: the last request's input and output. */
  context: number;
  window?: number;
}

interface TokenUsage {
  input_tokens?: number;
  cached_input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
}

/** Codex's state folder as the engine process sees it. */
export function codexHomeOf(env: NodeJS.ProcessEnv): string {
  return env.CODEX_HOME || path.join(env.HOME || os.homedir(), '.codex');
}

/** The session file of `threadId`: sessions/YYYY/MM/DD/rollout-…-<id>.jsonl, newest days first. */
function rolloutFile(codexHome: string, threadId: string): string | undefined {
  const suffix = `-${threadId}.jsonl`;
  const newestFirst = (dir: string) => {
    try {
      return fs.readdirSync(dir).sort().reverse();
    } catch {
      return [];
    }
  };
  const sessions = path.join(codexHome, 'sessions');
  for (const year of newestFirst(sessions))
    for (const month of newestFirst(path.join(sessions, year)))
      for (const day of newestFirst(path.join(sessions, year, month))) {
        const dir = path.join(sessions, year, month, day);
        const name = newestFirst(dir).find((file) => file.endsWith(suffix));
        if (name) return path.join(dir, name);
      }
  return undefined;
}

const usageOf = (usage: TokenUsage | undefined): Usage => ({
  input: usage?.input_tokens ?? 0,
  cached: usage?.cached_input_tokens ?? 0,
  output: usage?.output_tokens ?? 0,
});

/** The tokens of the thread's last turn, or undefined when its session file is not found or says none. */
export function codexTurnTokens(codexHome: string, threadId: string): CodexTurnTokens | undefined {
  const file = rolloutFile(codexHome, threadId);
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let atTurnStart: Usage = { input: 0, cached: 0, output: 0 };
  let total: Usage | undefined;
  let last: TokenUsage | undefined;
  let window: number | undefined;
  for (const line of text.split('\n')) {
    // Most lines are items of the conversation: parse only the two kinds counted here.
    if (!line.includes('"token_count"') && !line.includes('"task_started"')) continue;
    let payload: { type?: string; info?: Record<string, unknown> | null } | undefined;
    try {
      payload = JSON.parse(line).payload;
    } catch {
      continue; // a line cut short while Codex was writing it
    }
    if (payload?.type === 'task_started') atTurnStart = total ?? atTurnStart;
    if (payload?.type !== 'token_count' || !payload.info) continue;
    total = usageOf(payload.info.total_token_usage as TokenUsage);
    last = payload.info.last_token_usage as TokenUsage;
    if (typeof payload.info.model_context_window === 'number') window = payload.info.model_context_window;
  }
  if (!total || !last) return undefined;
  return {
    turn: {
      input: total.input - atTurnStart.input,
      cached: total.cached - atTurnStart.cached,
      output: total.output - atTurnStart.output,
    },
    context: last.total_tokens ?? (last.input_tokens ?? 0) + (last.output_tokens ?? 0),
    ...(window ? { window } : {}),
  };
}
