// The import check: folders of src/ depend on each other one way only (docs/architecture.md, "Layers").
// A small scan of import specifiers rather than dependency-cruiser or madge: tsc 7 has no JS API they
// could parse with, the rules are ten lines, and the scan of ~200 files takes a few milliseconds.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Which layers each layer may import. Everything may import `model` (and `errors.ts`, which sits with it). */
const allowed: Record<string, string[]> = {
  model: [],
  store: ['model'],
  git: ['model'],
  watch: ['git', 'model'],
  sandbox: ['model'],
  agent: ['sandbox', 'model'],
  engines: ['agent', 'sandbox', 'git', 'model'],
  core: ['engines', 'agent', 'sandbox', 'git', 'watch', 'store', 'model'],
  ui: ['core', 'model'],
  remote: ['core', 'model'],
  cli: ['ui', 'remote', 'core', 'engines', 'agent', 'sandbox', 'git', 'watch', 'store', 'model'],
};

/** Narrow exceptions, each with its reason. */
const exceptions: { from: string; to: string; typeOnly: boolean; why: string }[] = [
  {
    from: 'agent',
    to: 'store/settings.ts',
    typeOnly: true,
    why: 'the settings shape is inferred from its zod schema, which lives with the settings file',
  },
  {
    from: 'sandbox',
    to: 'store/settings.ts',
    typeOnly: true,
    why: 'the sandbox policy is read from the settings shape, inferred from its zod schema',
  },
  {
    from: 'engines',
    to: 'store/settings.ts',
    typeOnly: true,
    why: 'an engine reads its model settings from the settings shape, inferred from its zod schema',
  },
];

interface Arrow {
  file: string;
  target: string;
  from: string;
  to: string;
  typeOnly: boolean;
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file);
  if (!rel.includes(path.sep)) return 'model'; // src/errors.ts: the error classes every layer throws
  return rel.split(path.sep)[0]!;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Static imports, `export … from`, and dynamic `import('…')` with a literal relative specifier. */
const SPECIFIER =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;

function resolveTs(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${path.relative(SRC, from)}: cannot resolve import '${specifier}'`);
}

function arrows(): Arrow[] {
  const out: Arrow[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[3] ?? match[4]!;
      const target = resolveTs(file, specifier);
      const from = layerOf(file);
      const to = layerOf(target);
      if (from !== to) out.push({ file, target, from, to, typeOnly: Boolean(match[2]) });
    }
  }
  return out;
}

function forbidden(arrow: Arrow): boolean {
  if (arrow.to === 'model' || allowed[arrow.from]?.includes(arrow.to)) return false;
  const targetRel = path.relative(SRC, arrow.target);
  return !exceptions.some(
    (e) => e.from === arrow.from && e.to === targetRel && (!e.typeOnly || arrow.typeOnly),
  );
}

/** Strongly connected components of the folder graph with more than one folder (Tarjan). */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        component.push(top);
      } while (top !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indexOf.has(node)) visit(node);
  return cycles;
}

describe('layers', () => {
  const all = arrows();

  it('every src folder is a known layer', () => {
    const layers = new Set(sourceFiles(SRC).map(layerOf));
    expect([...layers].filter((layer) => !(layer in allowed))).toEqual([]);
  });

  it('no import points against the layers', () => {
    const wrong = all
      .filter(forbidden)
      .map((a) => `${path.relative(SRC, a.file)} → ${path.relative(SRC, a.target)} (${a.from} → ${a.to})`);
    expect(wrong).toEqual([]);
  });

  it('no cycle between folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const a of all) edges.set(a.from, (edges.get(a.from) ?? new Set()).add(a.to));
    expect(folderCycles(edges)).toEqual([]);
  });

  it('the scan sees the imports it checks', () => {
    // Guards the regex: a scan that found nothing would pass the checks above vacuously.
    const pairs = new Set(all.map((a) => `${a.from}→${a.to}`));
    for (const pair of ['ui→core', 'core→agent', 'core→store', 'cli→core', 'store→model', 'agent→model'])
      expect(pairs).toContain(pair);
    expect(all.some((a) => a.typeOnly)).toBe(true);
  });

  it('the check itself catches a forbidden arrow and a cycle', () => {
    const fake = (from: string, to: string): Arrow => ({
      file: path.join(SRC, from, 'x.ts'),
      target: path.join(SRC, to, 'y.ts'),
      from,
      to,
      typeOnly: false,
    });
    for (const [from, to] of [
      ['ui', 'store'],
      ['ui', 'git'],
      ['ui', 'agent'],
      ['core', 'ui'],
      ['store', 'core'],
      ['agent', 'ui'],
      ['agent', 'core'],
    ] as const)
      expect(forbidden(fake(from, to)), `${from} → ${to}`).toBe(true);
    expect(forbidden(fake('ui', 'model'))).toBe(false);
    expect(
      folderCycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
          ['c', new Set(['a'])],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
  });
});
