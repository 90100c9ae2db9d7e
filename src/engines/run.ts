// One turn of an external engine, loaded only when a project uses it (each SDK is its own chunk).
import type { EngineTurnOptions, EngineTurnResult, ExternalEngine } from './engine.js';

export async function runEngineTurn(
  engine: ExternalEngine,
  options: EngineTurnOptions,
): Promise<EngineTurnResult> {
  if (engine === 'codex') {
    const { runCodexTurn } = await import('./codex.js');
    return runCodexTurn(options);
  }
  const { runClaudeTurn } = await import('./claude.js');
  return runClaudeTurn(options);
}
