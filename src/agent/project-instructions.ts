// Reads a project's AGENTS.md (else CLAUDE.md) for the prompt prefix.
import fs from 'node:fs';
import path from 'node:path';

/** Enough for any sane instructions file; a huge one would crowd out the conversation. */
export const maxInstructionsBytes = 32 * 1024;

export function readProjectInstructions(projectRoot: string): { file: string; text: string } | undefined {
  for (const file of ['AGENTS.md', 'CLAUDE.md']) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(projectRoot, file), 'utf8');
    } catch {
      continue;
    }
    if (Buffer.byteLength(text) > maxInstructionsBytes) {
      text = `${Buffer.from(text).subarray(0, maxInstructionsBytes).toString('utf8')}\n[${file} truncated at 32 KiB]`;
    }
    return { file, text };
  }
  return undefined;
}
