// The bundle's patches of Ink (scripts/bundle-patches.mjs) change its cost, never its output: Ink's
// Output bundled with and without them draws the same frames from the same writes, frame after frame
// (the caches kept across frames), with styles, wide characters, emoji, clips and transformers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no types
import { bundlePatches } from '../../scripts/bundle-patches.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bundle-patches-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface OutputLike {
  write(
    x: number,
    y: number,
    text: string,
    options: { transformers: ((line: string, index: number) => string)[] },
  ): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (options: { width: number; height: number }) => OutputLike;
type Sanitize = (text: string) => string;
type LineUpdate = (previous: string, next: string, columns: number) => string;

async function bundledOutput(name: string, plugins: unknown[]): Promise<OutputClass> {
  return bundledInk(name, 'output.js', plugins);
}

/** The default export of one of Ink's build files, bundled with `plugins`. */
async function bundledInk<T>(name: string, file: string, plugins: unknown[]): Promise<T> {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({
    stdin: {
      contents: `export { default } from ${JSON.stringify(path.join(root, 'node_modules/ink/build', file))};`,
      resolveDir: root,
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    plugins: plugins as never,
    logLevel: 'silent',
  });
  return (await import(pathToFileURL(outfile).href)).default;
}

/** One Ink module bundled with the patches and without, the patched one checked to hold `marker`. */
async function patchedAndOriginal<T>(name: string, file: string, marker: string) {
  const patched = await bundledInk<T>(`${name}-patched`, file, [bundlePatches]);
  const original = await bundledInk<T>(`${name}-original`, file, []);
  expect(fs.readFileSync(path.join(dir, `${name}-patched.mjs`), 'utf8')).toContain(marker);
  return { patched, original };
}

const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;
const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
const WORDS = [
  'plain',
  'wörds',
  '漢字',
  '👍🏽',
  'e\u0301',
  bold('bold'),
  red('red'),
  '│',
  '…',
  '👨‍👩‍👧',
  'tab',
  // A style left open across a row's end, and one never closed: the next rows read them too.
  '\u001b[2mdim\nacross\u001b[22m',
  '\u001b[32mgreen',
];

/** A deterministic pseudo-random sequence (the same in both runs). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** 300 frames of a 60×12 screen (a few 52×10): four clipped panes whose rows grow, scroll and keep still. */
function drawFrames(Output: OutputClass): string[] {
  const next = random(7);
  const panes = Array.from({ length: 4 }, () => ['› explain the retry helper', '']);
  const upper = (line: string) => line.toUpperCase();
  const frames: string[] = [];
  for (let frame = 0; frame < 300; frame++) {
    const pane = Math.floor(next() * 4);
    const rows = panes[pane]!;
    if (next() < 0.15) rows.push('');
    else rows[rows.length - 1] += ` ${WORDS[Math.floor(next() * WORDS.length)]}`;
    // Now and then a smaller terminal: a frame of another size than the last.
    const output = new Output(frame % 50 < 3 ? { width: 52, height: 10 } : { width: 60, height: 12 });
    panes.forEach((lines, i) => {
      const x = (i % 2) * 30;
      const y = Math.floor(i / 2) * 6;
      output.write(x, y, red(`╭─ pane ${i} ${'─'.repeat(20)}╮`), { transformers: [] });
      // Shifted one column left and cut by its clip, like a scrolled or wide write.
      output.clip({ x1: x + 1, x2: x + 29, y1: y + 1, y2: y + 6 });
      // Panes 0 and 1 write a write per row, 2 and 3 all their rows as one text of several lines.
      if (i < 2) {
        lines.slice(-5).forEach((line, row) => {
          output.write(x + (row % 3 === 0 ? 0 : 2), y + 1 + row, line, {
            transformers: row === 1 ? [upper] : [],
          });
        });
      } else {
        output.write(x + i - 2, y + 1, lines.slice(-5).join('\n'), { transformers: i === 3 ? [upper] : [] });
      }
      output.unclip();
    });
    frames.push(output.get().output);
  }
  return frames;
}

describe('bundle patches of Ink', () => {
  it('draw the same frames as Ink unpatched', async () => {
    const patched = await bundledOutput('patched', [bundlePatches]);
    const original = await bundledOutput('original', []);
    expect(fs.readFileSync(path.join(dir, 'patched.mjs'), 'utf8')).toContain('rowOfCells');
    expect(fs.readFileSync(path.join(dir, 'original.mjs'), 'utf8')).not.toContain('rowOfCells');
    const frames = drawFrames(patched);
    expect(new Set(frames).size).toBeGreaterThan(150);
    expect(frames).toEqual(drawFrames(original));
  });

  it('draw a row that changed while one frame of another size came between (a resize and back)', async () => {
    const patched = await bundledOutput('patched-resize', [bundlePatches]);
    const original = await bundledOutput('original-resize', []);
    // The grids are taken in turns: the frame after the one of another size gets the grid the frame
    // before it filled, whose rows the kept row texts still point at.
    const frames = (Output: OutputClass) =>
      [
        { width: 40, height: 6, status: 'draft kept: i brings it back' },
        { width: 30, height: 4, status: 'Tab next' },
        { width: 40, height: 6, status: 'Tab next · Enter zoom' },
        { width: 40, height: 6, status: 'Tab next · Enter zoom · q quit' },
      ].map(({ width, height, status }) => {
        const output = new Output({ width, height });
        output.write(0, 0, '╭─ 1 api ─╮', { transformers: [] });
        output.write(0, height - 1, status, { transformers: [] });
        return output.get().output;
      });
    const drawn = frames(patched);
    expect(drawn[2]).toContain('Tab next · Enter zoom');
    expect(drawn).toEqual(frames(original));
  });

  it('sanitize the same texts as Ink unpatched, asked again and again', async () => {
    const { patched, original } = await patchedAndOriginal<Sanitize>(
      'sanitize',
      'sanitize-ansi.js',
      'rememberedSanitizeAnsi',
    );
    const texts = [
      'plain',
      red('red'),
      `${bold('bold')} and \u001b[2Jcleared\u001b[3;4Hmoved`,
      '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007',
      'e\u0301\u001b[31m\u0301red mark',
      'bell\u0007 and delete\u007f',
      // Enough text that the remembered answers are dropped and asked for anew.
      ...Array.from({ length: 300 }, (_, i) => red(`${'x'.repeat(1000)} ${i}`)),
    ];
    for (let round = 0; round < 3; round++)
      for (const text of texts) expect(patched(text), JSON.stringify(text)).toBe(original(text));
  });

  it('rewrite a changed row from the same cell as Ink unpatched', async () => {
    const { patched, original } = await patchedAndOriginal<LineUpdate>(
      'line',
      'line-update.js',
      'ONE_CELL.test(previousText)',
    );
    const rows = [
      '│ the answer so far │',
      '│ the answer so far, grown │',
      '│ the answer so fa│',
      `│ ${bold('› explain')} the retry helper │`,
      `│ ${red('✗ failed')} ··· ↑1 ↓0 │`,
      '│ the answer so fa\u0301r │',
      '│ the answer so f漢字 │',
      '│ the answer so f👍🏽 │',
      '│ the answer so far 🇩🇪 │',
      '│ the answer\u200d so far │',
      'plain ascii row',
      'plain ascii row grown',
      '⠋ thinking · 3s',
      '⠙ thinking · 3s',
      `${'─'.repeat(70)}╮`,
      `${'─'.repeat(90)}╮`,
    ];
    for (const columns of [40, 80, 120])
      for (const previous of rows)
        for (const next of rows)
          expect(patched(previous, next, columns), JSON.stringify([previous, next, columns])).toBe(
            original(previous, next, columns),
          );
  });
});
