import { describe, expect, it } from 'vitest';
import { HeadTailBuffer } from '../../src/agent/tools/head-tail-buffer.js';
import { capToolOutput } from '../../src/agent/truncate.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('capToolOutput', () => {
  it('returns text that fits unchanged', () => {
    expect(capToolOutput('hello\n')).toBe('hello\n');
    const exact = 'x'.repeat(100);
    expect(capToolOutput(exact, 100)).toBe(exact);
  });

  it('keeps head and tail within the byte limit and counts what it dropped', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n');
    const capped = capToolOutput(text, 32 * 1024);
    expect(bytes(capped)).toBeLessThanOrEqual(32 * 1024);
    expect(capped.startsWith('line 0\nline 1\n')).toBe(true);
    expect(capped.endsWith('line 99999')).toBe(true);
    const dropped = Number(/\[truncated (\d+) bytes\]/.exec(capped)![1]);
    const marker = /\n… \[truncated \d+ bytes\] …\n/.exec(capped)![0];
    expect(dropped + bytes(capped) - bytes(marker)).toBe(bytes(text));
  });

  it('never splits a multi-byte character, at any limit', () => {
    const text = 'é😀ab中'.repeat(500);
    for (let max = 60; max < 400; max += 7) {
      const capped = capToolOutput(text, max);
      expect(bytes(capped)).toBeLessThanOrEqual(max);
      expect(capped).not.toContain('\uFFFD');
      expect(Buffer.from(capped, 'utf8').toString('utf8')).toBe(capped);
    }
  });

  it('handles a limit smaller than the marker', () => {
    const capped = capToolOutput('abcdef'.repeat(100), 10);
    expect(bytes(capped)).toBeLessThanOrEqual(10);
  });
});

describe('HeadTailBuffer', () => {
  it('keeps bounded memory however much is pushed', () => {
    const buffer = new HeadTailBuffer(1024, 1024);
    const chunk = Buffer.from('0123456789'.repeat(6553));
    for (let i = 0; i < 300; i++) {
      buffer.push(chunk);
      expect(buffer.retainedBytes).toBeLessThanOrEqual(1024 + 2 * 65536);
    }
    expect(buffer.totalBytes).toBe(chunk.length * 300);
    const text = buffer.toString();
    expect(bytes(text)).toBeLessThan(2048 + 100);
    expect(text.startsWith('0123456789')).toBe(true);
    expect(text).toContain(`[truncated ${chunk.length * 300 - 2048} bytes]`);
  });

  it('returns everything when nothing was dropped', () => {
    const buffer = new HeadTailBuffer(4, 4);
    for (const part of ['ab', 'cd', 'ef', 'gh']) buffer.push(Buffer.from(part));
    expect(buffer.toString()).toBe('abcdefgh');
  });

  it('cuts at character boundaries', () => {
    const buffer = new HeadTailBuffer(5, 5);
    buffer.push(Buffer.from('😀😀😀😀😀😀'));
    const text = buffer.toString();
    expect(text).not.toContain('\uFFFD');
    expect(text).toBe('😀\n… [truncated 16 bytes] …\n😀');
  });
});
