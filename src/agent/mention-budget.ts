// Fitting reference blocks into the token budget (pure): a fair split across projects, then each
// project's sections in priority order, each cut at a line boundary to what is left.

/** Tokens are estimated as characters / 4, like the rest of the app. */
export const CHARS_PER_TOKEN = 4;

export const CUT_NOTE = '… (cut to fit the reference budget; read more with read_project_file)';

export interface Section {
  /** How the section is named in the `references:` line, e.g. `AGENTS.md` or `src/retry.ts#L10-40`. */
  label: string;
  /** Heading inside the block. */
  title: string;
  body: string;
}

export interface FittedBlock {
  text: string;
  /** Labels of the sections that made it in (whole or cut). */
  included: string[];
}

/**
 * Splits `total` among wants: whoever wants less than an even share gets what it wants, and the rest
 * is split evenly among the others (water-filling), so a small project never wastes a big one's room.
 */
export function fairShares(wants: readonly number[], total: number): number[] {
  const shares = wants.map(() => 0);
  let left = Math.max(0, total);
  let open = wants.map((_, index) => index);
  while (open.length > 0) {
    const even = Math.floor(left / open.length);
    const small = open.filter((index) => wants[index]! <= even);
    if (small.length === 0) {
      for (const index of open) shares[index] = even;
      break;
    }
    for (const index of small) {
      shares[index] = wants[index]!;
      left -= wants[index]!;
    }
    open = open.filter((index) => wants[index]! > even);
  }
  return shares;
}

const heading = (section: Section) => `\n\n## ${section.title}\n`;

/** The block uncut: what a project would take with an unlimited budget. */
export function fullSize(header: string, sections: readonly Section[]): number {
  return sections.reduce(
    (size, section) => size + heading(section).length + section.body.length,
    header.length,
  );
}

/** Header first, then sections in order, never longer than `limit` characters. */
export function fitSections(header: string, sections: readonly Section[], limit: number): FittedBlock {
  if (header.length > limit) return { text: cutLines(header, limit) || header.slice(0, limit), included: [] };
  let text = header;
  const included: string[] = [];
  for (const section of sections) {
    const head = heading(section);
    const room = limit - text.length - head.length;
    const body = section.body.length <= room ? section.body : cutLines(section.body, room);
    if (body === '') continue;
    text += head + body;
    included.push(section.label);
  }
  return { text, included };
}

/** Whole lines of `text` that fit in `limit` characters with the cut note; '' when none fits. */
export function cutLines(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = limit - CUT_NOTE.length - 1;
  if (room <= 0) return '';
  const end = text.lastIndexOf('\n', room);
  return end <= 0 ? '' : `${text.slice(0, end)}\n${CUT_NOTE}`;
}
