export async function runClaudeTurn(
  _o: import('./engine.js').EngineTurnOptions,
): Promise<import('./engine.js').EngineTurnResult> {
  throw new Error('not yet');
}
