// The text of an intent from the command line: the words, or stdin when the only word is `-`
// (`git diff | shipyard ask api -`, an editor piping a selection).
import { UsageError } from '../errors.js';

/** More than this from stdin is refused rather than sent to a model (1 MiB). */
export const MAX_STDIN_BYTES = 1 << 20;

export async function intentText(
  words: string[],
  usage: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<string> {
  const fromStdin = words.length === 1 && words[0] === '-';
  const text = fromStdin ? await readAll(stdin) : words.join(' ');
  const trimmed = text.trim();
  if (!trimmed) {
    throw new UsageError(
      fromStdin ? `stdin held no text for the intent: ${usage}` : `an intent needs some text: ${usage}`,
    );
  }
  return trimmed;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) {
      throw new UsageError(`the intent on stdin is longer than ${MAX_STDIN_BYTES / 1024} KiB`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
