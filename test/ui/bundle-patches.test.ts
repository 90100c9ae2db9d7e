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

const inkBuild = path.join(root, 'node_modules/ink/build');

/** `contents` (an ES module over Ink's build files) bundled with `plugins` and imported. */
async function bundleAndImport(name: string, contents: string, plugins: unknown[]) {
  const outfile = path.join(dir, `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: root },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    plugins: plugins as never,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** The default export of one of Ink's build files, bundled with `plugins`. */
async function bundledInk<T>(name: string, file: string, plugins: unknown[]): Promise<T> {
  const contents = `export { default } from ${JSON.stringify(path.join(inkBuild, file))};`;
  return (await bundleAndImport(name, contents, plugins)).default;
}

/** One Ink module bundled with the patches and without, the patched one checked to hold `marker`. */
async function patchedAndOriginal<T>(name: string, file: string, marker: string) {
  const patched = await bundledInk<T>(`${name}-patched`, file, [bundlePatches]);
  const original = await bundledInk<T>(`${name}-original`, file, []);
  expect(fs.readFileSync(path.join(dir, `${name}-patched.mjs`), 'utf8')).toContain(marker);
  return { patched, original };
}

interface InkNode {
  nodeName: string;
  parentNode?: InkNode;
  childNodes: InkNode[];
}
interface InkDom {
  createNode(name: string): InkNode;
  createTextNode(text: string): InkNode;
  appendChildNode(node: InkNode, child: InkNode): void;
  insertBeforeNode(node: InkNode, child: InkNode, before: InkNode): void;
  removeChildNode(node: InkNode, child: InkNode): void;
  setTransform(node: InkNode, transform: (line: string, index: number) => string): void;
  setNodeHidden(node: InkNode, hidden: boolean): void;
  setTextNodeValue(node: InkNode, text: string): void;
  squash(node: InkNode): string;
}

/** Ink's dom.js and squash-text-nodes.js bundled together with `plugins`. */
async function bundledDom(name: string, plugins: unknown[]): Promise<InkDom> {
  const contents = `export * from ${JSON.stringify(path.join(inkBuild, 'dom.js'))};
export { default as squash } from ${JSON.stringify(path.join(inkBuild, 'squash-text-nodes.js'))};`;
  return bundleAndImport(name, contents, plugins);
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
  it('squash text nodes as Ink unpatched, the tree changed between asks in every way dom.js changes it', async () => {
    const patched = await bundledDom('dom-patched', [bundlePatches]);
    const original = await bundledDom('dom-original', []);
    const bundled = fs.readFileSync(path.join(dir, 'dom-patched.mjs'), 'utf8');
    expect(bundled).toContain('rememberedSquashTextNodes');
    expect(bundled).toContain('forgetSquashed(node)');
    const transforms = [
      (line: string) => red(line),
      (line: string, index: number) => `${index}:${line.toUpperCase()}`,
      (line: string) => bold(line),
    ];
    // The same tree in both: a box holding two texts, each of plain text and nested styled texts.
    const grow = (dom: InkDom) => {
      const box = dom.createNode('ink-box');
      const texts = [dom.createNode('ink-text'), dom.createNode('ink-text')];
      const nested: InkNode[] = [];
      const leaves: InkNode[] = [];
      for (const text of texts) {
        dom.appendChildNode(box, text);
        const leaf = dom.createTextNode('› plain');
        leaves.push(leaf);
        dom.appendChildNode(text, leaf);
        for (let i = 0; i < 2; i++) {
          const virtual = dom.createNode('ink-virtual-text');
          dom.setTransform(virtual, transforms[i]!);
          const inner = dom.createTextNode(`styled ${i}\nrow`);
          dom.appendChildNode(virtual, inner);
          leaves.push(inner);
          dom.appendChildNode(text, virtual);
          nested.push(virtual);
        }
      }
      // A styled text inside a styled text.
      const deep = dom.createNode('ink-virtual-text');
      dom.setTransform(deep, transforms[2]!);
      const deepLeaf = dom.createTextNode('deep');
      dom.appendChildNode(deep, deepLeaf);
      dom.appendChildNode(nested[0]!, deep);
      leaves.push(deepLeaf);
      nested.push(deep);
      return { dom, texts, nested, leaves };
    };
    const trees = [grow(patched), grow(original)];
    const next = random(11);
    const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
    const squashed = () => trees.map(({ dom, texts }) => texts.map((text) => dom.squash(text)).join('|'));
    for (let step = 0; step < 400; step++) {
      const kind = Math.floor(next() * 7);
      const which = next();
      const word = pick(WORDS);
      const transform = pick(transforms);
      const hidden = next() < 0.5;
      const other = next();
      for (const { dom, texts, nested, leaves } of trees) {
        const at = <T>(list: T[], value = which) => list[Math.floor(value * list.length)]!;
        if (kind === 0) dom.setTextNodeValue(at(leaves), `${word} ${step}`);
        else if (kind === 1) dom.setTransform(at(nested), transform);
        else if (kind === 2) dom.setNodeHidden(at(nested), hidden);
        else if (kind === 3) {
          const leaf = dom.createTextNode(`new ${step}`);
          leaves.push(leaf);
          dom.appendChildNode(at(texts), leaf);
        } else if (kind === 4) {
          // A leaf moved: out of its text (or styled text) and into another, before one of its children.
          const leaf = at(leaves);
          const into = at([...texts, ...nested], other);
          const before = into.childNodes[0];
          if (before && before !== leaf && !isAncestor(leaf, into)) dom.insertBeforeNode(into, leaf, before);
        } else if (kind === 5) {
          const leaf = at(leaves);
          if (leaf.parentNode && leaves.length > 4) {
            dom.removeChildNode(leaf.parentNode, leaf);
            leaves.splice(leaves.indexOf(leaf), 1);
          }
        } else {
          // A styled text moved to the end of another text.
          const virtual = at(nested);
          const into = at(texts, other);
          if (!isAncestor(virtual, into)) dom.appendChildNode(into, virtual);
        }
      }
      const [mine, theirs] = squashed();
      expect(mine, `step ${step}`).toBe(theirs);
      // Asked again with nothing changed: the kept answer.
      expect(squashed()[0]).toBe(theirs);
    }
  });
  it('render a tree with and without <Static> as Ink unpatched', async () => {
    type Ink = {
      renderToString(node: unknown, options: { columns: number }): string;
      createElement(type: unknown, props: unknown, ...children: unknown[]): unknown;
      Box: unknown;
      Text: unknown;
      Static: unknown;
    };
    const bundledWhole = async (name: string, plugins: unknown[]): Promise<Ink> => {
      const outfile = path.join(dir, `${name}.mjs`);
      await build({
        stdin: {
          contents:
            "export { renderToString, Box, Text, Static } from 'ink'; export { createElement } from 'react';",
          resolveDir: root,
        },
        bundle: true,
        format: 'esm',
        platform: 'node',
        outfile,
        // Ink imports React DevTools (under DEV=true only), which is not installed.
        plugins: [...plugins, noDevtools] as never,
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'silent',
      });
      return import(pathToFileURL(outfile).href);
    };
    const patched = await bundledWhole('ink-patched', [bundlePatches]);
    const original = await bundledWhole('ink-original', []);
    expect(fs.readFileSync(path.join(dir, 'ink-patched.mjs'), 'utf8')).toContain('staticNodeMade = true');
    const tree = ({ createElement: h, Box, Text, Static }: Ink, withStatic: boolean) =>
      h(
        Box,
        { flexDirection: 'column', width: 30 },
        withStatic
          ? h(Static, { items: ['done: one', 'done: two'] }, (item: string) => h(Text, { key: item }, item))
          : null,
        h(Text, { color: 'red' }, 'red ', h(Text, { bold: true }, 'bold'), ' and plain'),
        h(
          Box,
          { borderStyle: 'round', paddingX: 1 },
          h(Text, { wrap: 'truncate-end' }, 'a row much too long for the box'),
        ),
      );
    for (const withStatic of [false, true, false]) {
      const drawn = patched.renderToString(tree(patched, withStatic), { columns: 40 });
      expect(drawn).toContain(withStatic ? 'done: two' : 'and plain');
      expect(drawn).toBe(original.renderToString(tree(original, withStatic), { columns: 40 }));
    }
  });
});

const noDevtools = {
  name: 'no-devtools',
  setup(b: {
    onResolve(o: { filter: RegExp }, f: () => { path: string; namespace: string }): void;
    onLoad(o: { filter: RegExp; namespace: string }, f: () => { contents: string }): void;
  }) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'devtools', namespace: 'no-devtools' }));
    b.onLoad({ filter: /.*/, namespace: 'no-devtools' }, () => ({ contents: 'export default {};' }));
  },
};

function isAncestor(node: { parentNode?: unknown }, of: { parentNode?: unknown }): boolean {
  for (let current: { parentNode?: unknown } | undefined = of; current; current = current.parentNode as never)
    if (current === node) return true;
  return false;
}
