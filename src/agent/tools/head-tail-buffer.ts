// Collects a stream's first and last bytes in bounded memory, however much the stream produces.
import { headEnd, tailStart, truncationMarker } from '../truncate.js';

export class HeadTailBuffer {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  /** Every byte pushed, kept or not. */
  totalBytes = 0;

  constructor(
    private readonly headMax = 15 * 1024,
    private readonly tailMax = 15 * 1024,
  ) {}

  push(chunk: Buffer): void {
    this.totalBytes += chunk.length;
    if (this.headBytes < this.headMax) {
      const take = Math.min(chunk.length, this.headMax - this.headBytes);
      this.head.push(chunk.subarray(0, take));
      this.headBytes += take;
      chunk = chunk.subarray(take);
      if (chunk.length === 0) return;
    }
    // Copy: a subarray would pin the whole (possibly 64 KiB) chunk in memory.
    this.tail.push(Buffer.from(chunk.subarray(Math.max(0, chunk.length - this.tailMax))));
    this.tailBytes += Math.min(chunk.length, this.tailMax);
    while (this.tailBytes - this.tail[0]!.length >= this.tailMax) this.tailBytes -= this.tail.shift()!.length;
  }

  /** Bytes held in memory right now (≤ headMax + 2 × tailMax). */
  get retainedBytes(): number {
    return this.headBytes + this.tailBytes;
  }

  /** Head and tail as text; when bytes were dropped, a marker counting them sits in between. */
  toString(): string {
    const head = Buffer.concat(this.head);
    let tail = Buffer.concat(this.tail);
    tail = tail.subarray(Math.max(0, tail.length - this.tailMax));
    if (head.length + tail.length === this.totalBytes) return Buffer.concat([head, tail]).toString('utf8');
    const headCut = headEnd(head, head.length);
    const tailCut = tailStart(tail, 0);
    const kept = headCut + tail.length - tailCut;
    return `${head.subarray(0, headCut).toString('utf8')}${truncationMarker(this.totalBytes - kept)}${tail.subarray(tailCut).toString('utf8')}`;
  }
}
