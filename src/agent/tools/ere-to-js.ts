// A git grep query (POSIX ERE as glibc reads it, or a fixed string) as a JavaScript RegExp that
// answers "does this line match" the same way, over text decoded byte for byte (latin1), since git
// runs with LC_ALL=C. Anything outside the subset where both agree for sure (back-references,
// collating elements, unusual escapes, nested repeats that could backtrack for ever) is refused
// with `undefined`, and the caller lets git answer instead.

export interface LineMatcher {
  /** Global, no `m`/`u`/`i` flags: never matches across a `\n`. */
  regex: RegExp;
  /** True when it repeats something unbounded: slow on very long lines, so such files go to git. */
  repeats: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  // Never `\n` in a set that matches: a match must stay on one line (negated sets add it).
  space: ' \\t\\v\\f\\r',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  cntrl: '\\x00-\\x09\\x0b-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
};

const LITERAL_ESCAPES = new Set('.[]()*+?{}|^$\\/-"#%&,:;=@_~!'.split(''));
/** More unbounded repeats than this could take polynomial time of a high degree: git decides. */
const MAX_REPEATS = 2;

const hex = (code: number) => `\\x${code.toString(16).padStart(2, '0')}`;
const literal = (char: string) => (/[A-Za-z0-9 ]/.test(char) ? char : hex(char.charCodeAt(0)));

/** `query` as git would see it (UTF-8 bytes), one char per byte. */
export function queryBytes(query: string): string {
  return Buffer.from(query, 'utf8').toString('latin1');
}

export function fixedMatcher(query: string): LineMatcher | undefined {
  if (/[\n\0]/.test(query)) return undefined;
  const source = [...queryBytes(query)].map(literal).join('');
  return { regex: new RegExp(source, 'g'), repeats: false };
}

export function ereMatcher(query: string): LineMatcher | undefined {
  if (/[\n\0]/.test(query) || query.length > 1000) return undefined;
  const translated = translate(queryBytes(query));
  if (!translated) return undefined;
  try {
    return { regex: new RegExp(translated.source, 'g'), repeats: translated.repeats };
  } catch {
    return undefined;
  }
}

interface Group {
  /** A repeat or alternative inside: repeating such a group could backtrack exponentially. */
  complex: boolean;
}

function translate(q: string): { source: string; repeats: boolean } | undefined {
  const out: string[] = [];
  const open: Group[] = [];
  let repeats = 0;
  // Whether a repeat operator may follow (not after an anchor, `(`, `|`, or another repeat).
  let atom = false;
  // The group that just closed, when the previous atom is one.
  let closed: Group | undefined;
  const markOpenGroups = () => {
    for (const group of open) group.complex = true;
  };
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    const justClosed = closed;
    closed = undefined;
    if (c === '\\') {
      const next = q[++i];
      const translated = next === undefined ? undefined : escaped(next);
      if (translated === undefined) return undefined;
      out.push(translated.source);
      atom = translated.atom;
    } else if (c === '.') {
      // glibc's `.` matches neither a newline nor NUL (RE_DOT_NOT_NULL).
      out.push('[^\\n\\0]');
      atom = true;
    } else if (c === '[') {
      const bracket = parseBracket(q, i);
      if (!bracket) return undefined;
      out.push(bracket.source);
      i = bracket.end;
      atom = true;
    } else if (c === '(') {
      if (q[i + 1] === ')' || q[i + 1] === '|') return undefined;
      open.push({ complex: false });
      out.push('(?:');
      atom = false;
    } else if (c === ')') {
      const group = open.pop();
      if (!group || !atom) return undefined;
      if (group.complex) markOpenGroups();
      out.push(')');
      closed = group;
      atom = true;
    } else if (c === '|') {
      if (!atom || i === q.length - 1 || q[i + 1] === ')') return undefined;
      markOpenGroups();
      out.push('|');
      atom = false;
    } else if (c === '*' || c === '+' || c === '?' || c === '{') {
      if (!atom || justClosed?.complex) return undefined;
      const interval = c === '{' ? parseInterval(q, i) : undefined;
      if (c === '{' && !interval) return undefined;
      if (c === '*' || c === '+' || interval?.unbounded) repeats++;
      if (repeats > MAX_REPEATS) return undefined;
      markOpenGroups();
      out.push(interval?.source ?? c);
      i = interval?.end ?? i;
      atom = false;
    } else if (c === '^') {
      out.push('(?<![^\\n])');
      atom = false;
    } else if (c === '$') {
      out.push('(?![^\\n])');
      atom = false;
    } else {
      // `]` and `}` outside a bracket or interval are ordinary characters in glibc's ERE.
      out.push(literal(c));
      atom = true;
    }
  }
  if (open.length > 0) return undefined;
  return { source: out.join(''), repeats: repeats > 0 };
}

function escaped(next: string): { source: string; atom: boolean } | undefined {
  switch (next) {
    case 'w':
      return { source: '\\w', atom: true };
    case 'W':
      return { source: '[^\\w\\n]', atom: true };
    case 's':
      return { source: '[ \\t\\v\\f\\r]', atom: true };
    case 'S':
      return { source: '[^ \\t\\n\\v\\f\\r]', atom: true };
    case 'b':
      return { source: '\\b', atom: false };
    case 'B':
      return { source: '\\B', atom: false };
    case '<':
      return { source: '\\b(?=\\w)', atom: false };
    case '>':
      return { source: '\\b(?<=\\w)', atom: false };
    default:
      // `\'` and `` \` `` are GNU buffer anchors, `\1`… back-references, `\n` is not a newline.
      if (!LITERAL_ESCAPES.has(next)) return undefined;
      return { source: literal(next), atom: true };
  }
}

/** `{n}`, `{n,}`, `{n,m}`, `{,m}` starting at `q[at]`. */
function parseInterval(
  q: string,
  at: number,
): { source: string; end: number; unbounded: boolean } | undefined {
  const match = /^\{(\d{0,3})(,(\d{0,3}))?\}/.exec(q.slice(at, at + 10));
  if (!match) return undefined;
  const min = match[1] === '' ? 0 : Number(match[1]);
  const hasComma = match[2] !== undefined;
  const max = match[3] === undefined || match[3] === '' ? undefined : Number(match[3]);
  if (match[1] === '' && (!hasComma || max === undefined)) return undefined;
  if (max !== undefined && max < min) return undefined;
  const source = hasComma ? `{${min},${max ?? ''}}` : `{${min}}`;
  return { source, end: at + match[0].length - 1, unbounded: hasComma && max === undefined };
}

/** A POSIX bracket expression starting at `q[at]` (`[`): backslash is an ordinary character in it. */
function parseBracket(q: string, at: number): { source: string; end: number } | undefined {
  let i = at + 1;
  const negated = q[i] === '^';
  if (negated) i++;
  const parts: string[] = [];
  let first = true;
  for (; i < q.length; i++) {
    const c = q[i]!;
    if (c === ']' && !first) {
      const body = parts.join('');
      return { source: negated ? `[^${body}\\n]` : `[${body}]`, end: i };
    }
    first = false;
    if (c === '[' && (q[i + 1] === '.' || q[i + 1] === '=')) return undefined;
    if (c === '[' && q[i + 1] === ':') {
      const close = q.indexOf(':]', i + 2);
      const name = close === -1 ? undefined : CLASSES[q.slice(i + 2, close)];
      if (name === undefined) return undefined;
      parts.push(name);
      i = close + 1;
      continue;
    }
    const next = q[i + 1];
    const after = q[i + 2];
    if (next === '-' && after !== undefined && after !== ']') {
      if (after === '[') return undefined;
      const [low, high] = [c.charCodeAt(0), after.charCodeAt(0)];
      // A reversed range is an error for git; one holding `\n` could match across lines.
      if (high < low || (low <= 10 && high >= 10)) return undefined;
      parts.push(`${hex(low)}-${hex(high)}`);
      i += 2;
      // `a-c-e` is undefined in POSIX: let git decide.
      if (q[i + 1] === '-' && q[i + 2] !== ']') return undefined;
      continue;
    }
    parts.push(hex(c.charCodeAt(0)));
  }
  return undefined;
}
