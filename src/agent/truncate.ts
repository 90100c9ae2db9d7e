// Keeps tool output small enough for the model: the head and the tail, which is where the answer
// (the command, the first error, the summary line) almost always is.

/** The marker put where bytes were cut out. */
export function truncationMarker(droppedBytes: number): string {
  return `\n… [truncated ${droppedBytes} bytes] …\n`;
}

/** `text` unchanged when it fits in `maxBytes` of UTF-8, else head + marker + tail within `maxBytes`. */
export function capToolOutput(text: string, maxBytes = 32 * 1024): string {
  // One UTF-16 unit is at most 3 UTF-8 bytes: short strings skip the encoding.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Reserve room for the longest marker this cut can produce; the real one is never longer.
  const budget = maxBytes - Buffer.byteLength(truncationMarker(bytes.length));
  if (budget <= 0) return bytes.subarray(0, headEnd(bytes, maxBytes)).toString('utf8');
  const head = headEnd(bytes, Math.ceil(budget / 2));
  const tail = tailStart(bytes, bytes.length - Math.floor(budget / 2));
  const dropped = tail - head;
  return `${bytes.subarray(0, head).toString('utf8')}${truncationMarker(dropped)}${bytes.subarray(tail).toString('utf8')}`;
}

/** The largest end ≤ `end` that does not split a UTF-8 character. */
export function headEnd(bytes: Uint8Array, end: number): number {
  let cut = Math.min(end, bytes.length);
  // Step back over continuation bytes to the start of the character that straddles the cut...
  let start = cut;
  while (start > 0 && isContinuation(bytes[start - 1]!)) start--;
  if (start === 0) return 0;
  // ...and keep that character only if it ends before the cut.
  const lead = bytes[start - 1]!;
  if (lead >= 0xc0 && start - 1 + sequenceLength(lead) > cut) cut = start - 1;
  return cut;
}

/** The smallest start ≥ `start` that begins a UTF-8 character. */
export function tailStart(bytes: Uint8Array, start: number): number {
  let cut = Math.max(start, 0);
  while (cut < bytes.length && isContinuation(bytes[cut]!)) cut++;
  return cut;
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  return 2;
}
