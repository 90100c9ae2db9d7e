// What the bundle changes in its dependencies, for the cost of a frame (issue 18). Ink draws every
// frame from scratch: it measures each row and each character again with string-width, and splits
// each text into styled characters again, in caches it throws away after the frame.
// - `string-width`, wherever imported (Ink, widest-line, cli-truncate…), is `src/ui/cell-width.ts`:
//   the same numbers, by length for one-cell text, remembered for the rest.
// - Ink's Output keeps its caches across frames (bounded), and fills an empty frame with one shared
//   blank cell: the rows a frame did not change cost a lookup instead of a re-tokenisation. A text of
//   several lines (a pane's rows are one text node) is read line by line, each line kept, so a
//   streaming pane re-reads its last row, not all of them. The frame's grid of cells is two grids
//   taken in turns (filled, not allocated), and a line's cells are copied in as made once.
// - Ink's sanitizeAnsi, run on every text node's text every frame, remembers its answers.
// - Ink's incremental rendering finds a changed row's first changed cell by length for one-cell text,
//   not only for ASCII.
// - ansi-tokenize's styled characters share their run's styles, and a row's text remembers the codes
//   between two styles.
// - A text node keeps its squashed text (and that text's widest line) until a node under it changes
//   (dom.js forgets it), and the walk for a <Static> node after every commit runs only once one was made.
// Each patch names the exact text it replaces: when an Ink upgrade changes it, the build fails here.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cellWidth = path.join(root, 'src/ui/cell-width.ts');

/** Replaces `from` with `to` in `text`, exactly once, or fails the build. */
function replaceOnce(text, from, to, file) {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) {
    throw new Error(
      `bundle-patches: ${path.relative(root, file)} no longer holds exactly one ${JSON.stringify(from)}`,
    );
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

// Output caches live until they hold this many characters of keys (a few frames of a full screen).
const OUTPUT_CACHE_CHARS = 64 * 1024;

function patchOutput(text, file) {
  let patched = replaceOnce(
    text,
    "import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';",
    "import { reduceAnsiCodes, styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';",
    file,
  );
  patched = replaceOnce(patched, 'caches = new OutputCaches();', 'caches = sharedOutputCaches();', file);
  patched = replaceOnce(
    patched,
    `        const output = [];
        for (let y = 0; y < this.height; y++) {
            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);
        }`,
    '        const output = blankGrid(this.caches, this.width, this.height);',
    file,
  );
  // A line's cells (wide characters with the cells they cover) are placed by copying.
  patched = replaceOnce(
    patched,
    `            for (const character of characters) {
                currentLine[offsetX] = character;`,
    `            if (offsetX >= 0) {
                offsetX = placeCells(this.caches, currentLine, offsetX, line, characters);
            }
            else for (const character of characters) {
                currentLine[offsetX] = character;`,
    file,
  );
  patched = replaceOnce(
    patched,
    `        if (cached === undefined) {
            // Standalone invisible Unicode characters must not occupy terminal cells.`,
    `        if (cached === undefined) {
            cachedOutputChars += line.length;
            // Standalone invisible Unicode characters must not occupy terminal cells.`,
    file,
  );
  // A write's text as styled lines, and a line cut to columns: kept with the caches.
  patched = replaceOnce(
    patched,
    `        const characterLines = [[]];
        for (const character of this.caches.getStyledChars(text)) {
            if (character.value === '\\n') {
                characterLines.push([]);
            }
            else {
                characterLines.at(-1).push(character);
            }
        }
        let lines = characterLines.map(line => styledCharsToString(line));`,
    `        let lines = this.caches.styledLines(text);`,
    file,
  );
  patched = replaceOnce(
    patched,
    `    sliceLineToColumns(line, from, to) {
        if (from >= to) {`,
    `    sliceLineToColumns(line, from, to) {
        return this.caches.slice(line, from, to, () => this.sliceLineToColumnsAnew(line, from, to));
    }
    sliceLineToColumnsAnew(line, from, to) {
        if (from >= to) {`,
    file,
  );
  // An index instead of an entries() iterator and a pair per line.
  patched = replaceOnce(
    patched,
    'for (let [index, line] of lines.entries()) {',
    `for (let index = 0; index < lines.length; index++) {
            let line = lines[index];`,
    file,
  );
  // A row made of the same cells as the row the previous frame had there reads the same.
  patched = replaceOnce(
    patched,
    `            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742`,
    `            .map((line, y) => rowOfCells(this.caches, y, line, () => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742`,
    file,
  );
  patched = replaceOnce(
    patched,
    `            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })`,
    `            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        }))`,
    file,
  );
  return `${patched}
// Shipyard (scripts/bundle-patches.mjs): cells are never changed in place (a write replaces them), so
// one blank serves every empty cell, and styled characters, lines and widths are kept from frame to
// frame until they hold ${OUTPUT_CACHE_CHARS} characters.
const blankOutputCell = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
let cachedOutputChars = 0;
let outputCaches;
OutputCaches.prototype.styledLines = function (text) {
    this.texts ??= new Map();
    const lines = this.texts.get(text) ?? this.previousTexts?.get(text) ?? styledLinesOneByOne(this, text) ?? styledLinesAtOnce(this, text);
    this.texts.set(text, lines);
    return lines;
};
function styledLinesAtOnce(caches, text) {
    const characterLines = [[]];
    for (const character of caches.getStyledChars(text)) {
        if (character.value === '\\n') {
            characterLines.push([]);
        }
        else {
            characterLines.at(-1).push(character);
        }
    }
    cachedOutputChars += text.length;
    return characterLines.map(line => styledCharsToString(line));
}
// Lines that each end with no style open read alone as they read in the whole text: no escape
// sequence spans a newline (no OSC in it) and a newline is a grapheme of its own (no CR beside it).
function styledLinesOneByOne(caches, text) {
    if (!text.includes('\\n') || text.includes('\\r') || text.includes('\\u001b]') || text.includes('\\u009d')) {
        return undefined;
    }
    caches.styledLine ??= new Map();
    const raws = text.split('\\n');
    const lines = [];
    for (let index = 0; index < raws.length; index++) {
        const raw = raws[index];
        let line = caches.styledLine.get(raw);
        if (line === undefined) {
            const tokens = tokenize(raw);
            const chars = styledCharsFromTokens(tokens).filter(character => !/^\\p{Default_Ignorable_Code_Point}+$/u.test(character.value));
            const open = reduceAnsiCodes(tokens.filter(token => token.type === 'ansi')).length > 0;
            line = { text: styledCharsToString(chars), open };
            cachedOutputChars += raw.length;
            caches.styledLine.set(raw, line);
        }
        if (line.open && index < raws.length - 1) {
            return undefined;
        }
        lines.push(line.text);
    }
    return lines;
}
OutputCaches.prototype.slice = function (line, from, to, anew) {
    this.slices ??= new Map();
    let byColumns = this.slices.get(line);
    if (byColumns === undefined) {
        byColumns = new Map();
        this.slices.set(line, byColumns);
    }
    const key = from * 65536 + to;
    let cut = byColumns.get(key);
    if (cut === undefined) {
        cut = anew();
        cachedOutputChars += line.length;
        byColumns.set(key, cut);
    }
    return cut;
};
function rowOfCells(caches, y, cells, anew) {
    caches.rows ??= [];
    const kept = caches.rows[y];
    // A kept row that is this very row was filled anew (a grid taken again after a frame of another
    // size, which had no row y): it says nothing about what the row was.
    if (kept !== undefined && kept.cells !== cells && kept.cells.length === cells.length) {
        let same = true;
        for (let x = 0; x < cells.length; x++) {
            if (kept.cells[x] !== cells[x]) {
                same = false;
                break;
            }
        }
        if (same) {
            // The grid's rows are reused every other frame: compare with this frame's next time.
            kept.cells = cells;
            return kept.text;
        }
    }
    const text = anew();
    caches.rows[y] = { cells, text };
    return text;
}
// Two grids taken in turns, so the previous frame's rows stay as they were for rowOfCells.
function blankGrid(caches, width, height) {
    let grid = caches.spareGrid;
    caches.spareGrid = caches.grid;
    if (grid === undefined || grid.width !== width || grid.rows.length !== height) {
        grid = { width, rows: Array.from({ length: height }, () => Array.from({ length: width }, () => blankOutputCell)) };
    }
    caches.grid = grid;
    for (const row of grid.rows) {
        row.length = width;
        row.fill(blankOutputCell);
    }
    return grid.rows;
}
// Where the original loop makes the cells a wide character covers anew for each write, a line's cells
// are made once: cells are never changed in place.
function placeCells(caches, currentLine, offsetX, line, characters) {
    caches.cells ??= new Map();
    let cells = caches.cells.get(line);
    if (cells === undefined) {
        cells = [];
        for (const character of characters) {
            cells.push(character);
            const characterWidth = Math.max(1, caches.getStringWidth(character.value));
            for (let offset = 1; offset < characterWidth; offset++) {
                cells.push({
                    type: 'char',
                    value: '',
                    fullWidth: false,
                    styles: character.styles,
                });
            }
        }
        cachedOutputChars += line.length;
        caches.cells.set(line, cells);
    }
    for (let index = 0; index < cells.length; index++) {
        currentLine[offsetX + index] = cells[index];
    }
    return offsetX + cells.length;
}
function sharedOutputCaches() {
    if (!outputCaches || cachedOutputChars > ${OUTPUT_CACHE_CHARS} || outputCaches.widths.size > 8192) {
        outputCaches = new OutputCaches();
        cachedOutputChars = 0;
    }
    // Whole texts are kept for one frame more: those of two frames, however long they are.
    outputCaches.previousTexts = outputCaches.texts;
    outputCaches.texts = new Map();
    return outputCaches;
}
`;
}

/** ansi-tokenize's style diff builds three Sets per call, mostly between no styles at all. */
function patchDiff(text, file) {
  return replaceOnce(
    text,
    'export function diffAnsiCodes(from, to) {',
    `export function diffAnsiCodes(from, to) {
    // Shipyard (scripts/bundle-patches.mjs): what the code below returns when \`from\` is empty.
    if (from.length === 0) {
        return [...to];
    }`,
    file,
  );
}

// Texts sanitized are remembered until they hold this many characters, then kept one round more.
const SANITIZED_CHARS = 256 * 1024;

/**
 * Ink squashes every text node of the tree on every frame (to measure it and to draw it) and
 * sanitizes the result: with colours on, a tokenisation of every styled text on screen, changed or
 * not. The same text sanitizes to the same text, so it is remembered.
 */
function patchSanitize(text, file) {
  const patched = replaceOnce(
    text,
    'export default sanitizeAnsi;',
    `// Shipyard (scripts/bundle-patches.mjs): sanitizeAnsi is a function of its text alone.
let sanitized = new Map();
let sanitizedBefore = new Map();
let sanitizedChars = 0;
export default function rememberedSanitizeAnsi(text) {
    let clean = sanitized.get(text);
    if (clean === undefined) {
        clean = sanitizedBefore.get(text) ?? sanitizeAnsi(text);
        if (sanitizedChars > ${SANITIZED_CHARS}) {
            sanitizedBefore = sanitized;
            sanitized = new Map();
            sanitizedChars = 0;
        }
        sanitized.set(text, clean);
        sanitizedChars += text.length;
    }
    return clean;
}`,
    file,
  );
  return patched;
}

/**
 * Ink's incremental rendering rewrites a changed row from the first cell that changed, and finds that
 * cell by length only for printable ASCII: every other row (a pane's `│` border is on each) is
 * segmented into graphemes, both the old row and the new. Text of one-cell characters that are each
 * their own grapheme (cell-width.ts's ONE_CELL) is counted by length just as well.
 */
function patchLineUpdate(text, file) {
  let patched = replaceOnce(
    text,
    "import stringWidth from 'string-width';",
    `import stringWidth from 'string-width';
import { ONE_CELL } from ${JSON.stringify(cellWidth)};`,
    file,
  );
  patched = replaceOnce(
    patched,
    'if (printableAscii.test(previousText) && printableAscii.test(nextText)) {',
    // Shipyard (scripts/bundle-patches.mjs): printable ASCII is one-cell text.
    'if (ONE_CELL.test(previousText) && ONE_CELL.test(nextText)) {',
    file,
  );
  return patched;
}

/**
 * A row's text is made cell by cell: each styled character carried its own copy of its styles, and
 * each change of style between two cells was worked out anew (three Sets and a join). Characters of
 * one run now share their styles (no one changes a styles array: every step makes a new one), and
 * the codes between two styles are remembered by the pair.
 */
function patchStyledChars(text, file) {
  let patched = replaceOnce(
    text,
    `            ret.push({
                ...token,
                styles: [...codes],
            });`,
    `            ret.push({
                ...token,
                styles: codes,
            });`,
    file,
  );
  patched = replaceOnce(
    patched,
    `        if (i === 0) {
            ret += ansiCodesToString(char.styles);
        }
        else if (!isSameStyle(chars[i - 1].styles, char.styles)) {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1) {
            ret += ansiCodesToString(diffAnsiCodes(char.styles, []));
        }`,
    `        if (i === 0) {
            ret += styleCodes(NO_STYLES, char.styles);
        }
        else if (!isSameStyle(chars[i - 1].styles, char.styles)) {
            ret += styleCodes(chars[i - 1].styles, char.styles);
        }
        ret += char.value;
        // reset active styles at the end of the string
        if (i === chars.length - 1) {
            ret += styleCodes(char.styles, NO_STYLES);
        }`,
    file,
  );
  return `${patched}
// Shipyard (scripts/bundle-patches.mjs): the codes from one styles array to another, by the pair.
// From no styles they are the styles themselves (ansiCodesToString(diffAnsiCodes([], to)) is
// ansiCodesToString(to), as diffAnsiCodes from no styles is a copy of to).
const NO_STYLES = Object.freeze([]);
const codesBetween = new WeakMap();
function styleCodes(from, to) {
    let byTo = codesBetween.get(from);
    if (byTo === undefined) {
        byTo = new WeakMap();
        codesBetween.set(from, byTo);
    }
    let codes = byTo.get(to);
    if (codes === undefined) {
        codes = from === NO_STYLES ? ansiCodesToString(to) : ansiCodesToString(diffAnsiCodes(from, to));
        byTo.set(to, codes);
    }
    return codes;
}
`;
}

/**
 * Ink squashes every text node of the tree on every frame, changed or not (to measure it and again
 * to draw it): the children's texts joined, each styled child's lines passed through its transform,
 * sanitized and scanned four times for controls. The answer depends only on the nodes under it, so a
 * text node keeps it until one of them changes (dom.js forgets it then, below).
 */
function patchSquash(text, file) {
  return replaceOnce(
    text,
    'export default squashTextNodes;',
    `// Shipyard (scripts/bundle-patches.mjs): kept on the node until something under it changes.
export default function rememberedSquashTextNodes(node) {
    let text = node.internal_squashed;
    if (text === undefined) {
        text = squashTextNodes(node);
        node.internal_squashed = text;
    }
    return text;
}`,
    file,
  );
}

/** The widest line of a text node's squashed text, split and measured once per text, not per frame. */
function patchRenderNode(text, file) {
  return replaceOnce(
    text,
    'const currentWidth = widestLine(text);',
    `// Shipyard (scripts/bundle-patches.mjs): kept with the squashed text it measured.
        if (node.internal_widestOf !== text) {
            node.internal_widestOf = text;
            node.internal_widest = widestLine(text);
        }
        const currentWidth = node.internal_widest;`,
    file,
  );
}

/**
 * Every change of Ink's tree goes through dom.js: a changed node forgets its squashed text and so do
 * the text nodes around it (a nested text's change is its enclosing text's change), up to the box.
 */
function patchDom(text, file) {
  let patched = text;
  for (const head of [
    'export const appendChildNode = (node, childNode) => {',
    'export const insertBeforeNode = (node, newChildNode, beforeChildNode) => {',
    'export const removeChildNode = (node, removedNode) => {',
    'export const setTransform = (node, transform) => {',
    'export const setNodeHidden = (node, isHidden) => {',
    'export const setTextNodeValue = (node, text) => {',
  ]) {
    patched = replaceOnce(patched, head, `${head}\n    forgetSquashed(node);`, file);
  }
  return `${patched}
// Shipyard (scripts/bundle-patches.mjs): what squash-text-nodes.js keeps on a text node is stale once
// the node or anything under it changed: forgotten from the changed node up to the first box.
function forgetSquashed(node) {
    for (let current = node; current !== undefined; current = current.parentNode) {
        if (current.nodeName === 'ink-box' || current.nodeName === 'ink-root') {
            return;
        }
        current.internal_squashed = undefined;
    }
}
`;
}

/**
 * After every commit Ink walks the whole tree for a <Static> node (the app has none). Nodes become
 * static in two places only: until one has, there is none to find.
 */
function patchReconciler(text, file) {
  let patched = replaceOnce(
    text,
    'const findStaticNode = (node) => {',
    `// Shipyard (scripts/bundle-patches.mjs): no node was ever made static, so none is in the tree.
let staticNodeMade = false;
const findStaticNode = (node) => (staticNodeMade ? findStaticNodeIn(node) : undefined);
const findStaticNodeIn = (node) => {`,
    file,
  );
  // In createInstance and in commitUpdate (told apart by their indentation).
  for (const indent of [' '.repeat(16), ' '.repeat(20)]) {
    patched = replaceOnce(
      patched,
      `\n${indent}node.internal_static = true;\n`,
      `\n${indent}node.internal_static = true;\n${indent}staticNodeMade = true;\n`,
      file,
    );
  }
  return patched;
}

/** The esbuild plugin that applies the patches above. */
export const bundlePatches = {
  name: 'shipyard-bundle-patches',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, (args) =>
      args.importer === cellWidth ? undefined : { path: cellWidth },
    );
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => ({
      contents: patchOutput(fs.readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]line-update\.js$/ }, (args) => ({
      contents: patchLineUpdate(fs.readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]squash-text-nodes\.js$/ }, (args) => ({
      contents: patchSquash(fs.readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/ },
      (args) => ({
        contents: patchRenderNode(fs.readFileSync(args.path, 'utf8'), args.path),
        loader: 'js',
      }),
    );
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => ({
      contents: patchReconciler(fs.readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]dom\.js$/ }, (args) => ({
      contents: patchDom(fs.readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]sanitize-ansi\.js$/ }, (args) => ({
      contents: patchSanitize(fs.readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
    }));
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/ },
      (args) => ({
        contents: patchStyledChars(fs.readFileSync(args.path, 'utf8'), args.path),
        loader: 'js',
      }),
    );
    build.onLoad(
      { filter: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/ },
      (args) => ({
        contents: patchDiff(fs.readFileSync(args.path, 'utf8'), args.path),
        loader: 'js',
      }),
    );
  },
};
