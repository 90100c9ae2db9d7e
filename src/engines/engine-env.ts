// The environment an engine process (Codex, Claude Code) starts with, and so every command it runs:
// the user's minus what looks like a secret or reaches their credentials (the same scrub as
// Shipyard's own agent commands), plus only the variables the engine itself needs to reach its
// model and find its state (its key, base URL, config folder).
import { scrubEnv } from '../sandbox/env.js';
import type { ExternalEngine } from './engine.js';

const OWN: Record<ExternalEngine, RegExp> = {
  codex: /^(OPENAI_|CODEX_)/,
  claude: /^(ANTHROPIC_|CLAUDE_|CLAUDECODE)/,
};

export function engineEnv(
  engine: ExternalEngine,
  env: NodeJS.ProcessEnv,
  allow: readonly string[] = [],
): NodeJS.ProcessEnv {
  const out = scrubEnv(env, allow);
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && OWN[engine].test(name)) out[name] = value;
  return out;
}
