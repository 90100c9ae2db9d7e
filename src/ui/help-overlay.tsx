// The help overlay, generated from the keymap table so it lists exactly the keys that work (and the
// ones still to come, marked as such).
import { Box, Text } from 'ink';
import { BINDINGS, type Binding, bindingLabel, type KeyContext } from './keymap.js';
import { padTo, textWidth, truncate } from './text.js';

export interface HelpRow {
  kind: 'section' | 'key' | 'blank';
  text: string;
  /** For key rows: the key names column. */
  keys?: string;
  coming?: boolean;
}

const SECTIONS: { title: string; contexts: KeyContext[] }[] = [
  { title: 'Grid', contexts: ['grid', 'global'] },
  { title: 'Zoomed pane', contexts: ['zoom'] },
  { title: 'Queue list (zoomed pane, Tab to reach it)', contexts: ['queue'] },
  { title: 'Intent input', contexts: ['input'] },
  { title: 'Approval prompt (Enter on a waiting pane)', contexts: ['approval'] },
  { title: 'Diff of an intent (d in the queue list)', contexts: ['diff'] },
  { title: 'Help', contexts: ['help'] },
];

/** Wide enough for the longest key label, so no label is ever cut. */
const KEY_COLUMN = Math.max(...BINDINGS.map((b) => textWidth(bindingLabel(b)))) + 2;
const MIN_COLUMN_WIDTH = 60;

/** Every binding once, grouped by where it works; bindings not wired yet last, with their note. */
export function helpSections(bindings: readonly Binding[] = BINDINGS): HelpRow[][] {
  const sections: HelpRow[][] = [];
  const key = (b: Binding): HelpRow => ({ kind: 'key', keys: bindingLabel(b), text: b.description });
  for (const section of SECTIONS) {
    const live = bindings.filter((b) => section.contexts.includes(b.context) && !b.coming);
    if (live.length > 0) sections.push([{ kind: 'section', text: section.title }, ...live.map(key)]);
  }
  const notes = [...new Set(bindings.flatMap((b) => (b.coming ? [b.coming] : [])))];
  for (const note of notes) {
    const title: HelpRow = { kind: 'section', text: note[0]!.toUpperCase() + note.slice(1) };
    const rows = bindings.filter((b) => b.coming === note).map((b) => ({ ...key(b), coming: true }));
    sections.push([title, ...rows]);
  }
  return sections;
}

/** All rows in one list, sections separated by a blank row. */
export function helpRows(bindings: readonly Binding[] = BINDINGS): HelpRow[] {
  return helpSections(bindings).flatMap((section, i) => (i === 0 ? section : [BLANK, ...section]));
}

const BLANK: HelpRow = { kind: 'blank', text: '' };

/** Pack sections into columns of `height` rows, starting a column rather than splitting a section. */
function packColumns(sections: HelpRow[][], height: number): HelpRow[][] {
  const columns: HelpRow[][] = [[]];
  for (const section of sections) {
    let column = columns.at(-1)!;
    const needed = section.length + (column.length > 0 ? 1 : 0);
    if (column.length > 0 && column.length + needed > height) {
      column = [];
      columns.push(column);
    }
    if (column.length > 0) column.push(BLANK);
    for (const row of section) {
      if (column.length >= height) {
        column = [];
        columns.push(column);
      }
      column.push(row);
    }
  }
  return columns;
}

/** Lay sections into as many columns as the width allows, or one scrolled column when they do not fit. */
export function helpColumns(sections: HelpRow[][], width: number, height: number, scroll: number) {
  const maxColumns = Math.max(1, Math.floor(width / MIN_COLUMN_WIDTH));
  const columns = packColumns(sections, Math.max(1, height));
  if (columns.length <= maxColumns) {
    return { columns, columnWidth: Math.floor(width / columns.length), scroll: 0, maxScroll: 0 };
  }
  const rows = sections.flatMap((section, i) => (i === 0 ? section : [BLANK, ...section]));
  const maxScroll = Math.max(0, rows.length - height);
  const used = Math.max(0, Math.min(scroll, maxScroll));
  return { columns: [rows.slice(used, used + height)], columnWidth: width, scroll: used, maxScroll };
}

function Row({ row, width }: { row: HelpRow; width: number }) {
  if (row.kind !== 'key') {
    return (
      <Box flexShrink={0} height={1}>
        <Text bold>{truncate(row.text, width)}</Text>
      </Box>
    );
  }
  const keys = padTo(row.keys ?? '', KEY_COLUMN);
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate-end" dimColor={row.coming}>
        <Text color={row.coming ? undefined : 'cyan'}>{keys}</Text>
        {truncate(row.text, Math.max(1, width - KEY_COLUMN - 1))}
      </Text>
    </Box>
  );
}

/**
 * The overlay's layout inside its border at `width` × `height`: when the keys do not fit (80×24),
 * one column that scrolls, with its last row saying so.
 */
export function helpLayout(width: number, height: number, scroll: number) {
  const innerWidth = Math.max(1, width - 4);
  const innerHeight = Math.max(1, height - 2);
  const whole = helpColumns(helpSections(), innerWidth, innerHeight, scroll);
  // A page of PgUp/PgDn: the rows shown less one, kept for context.
  if (whole.maxScroll === 0 || innerHeight < 2)
    return { ...whole, note: undefined, page: Math.max(1, innerHeight - 1) };
  const layout = helpColumns(helpSections(), innerWidth, innerHeight - 1, scroll);
  const total = layout.maxScroll + innerHeight - 1;
  const last = Math.min(total, layout.scroll + innerHeight - 1);
  const note = `↑↓ PgUp PgDn scroll · rows ${layout.scroll + 1}–${last} of ${total} · Esc or ? closes`;
  return { ...layout, note, page: Math.max(1, innerHeight - 2) };
}

export function HelpOverlay({ width, height, scroll }: { width: number; height: number; scroll: number }) {
  const innerWidth = Math.max(1, width - 4);
  const layout = helpLayout(width, height, scroll);
  return (
    <Box
      width={width}
      height={height}
      borderStyle="round"
      borderColor="cyan"
      paddingX={1}
      flexDirection="column"
      overflow="hidden"
    >
      <Box flexDirection="row" flexGrow={1} overflow="hidden">
        {layout.columns.map((column, c) => (
          // Columns are positional.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Box key={c} flexDirection="column" width={layout.columnWidth} flexShrink={0}>
            {column.map((row, r) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional too
              <Row key={r} row={row} width={layout.columnWidth - 1} />
            ))}
          </Box>
        ))}
      </Box>
      {layout.note ? (
        <Box height={1} flexShrink={0}>
          <Text dimColor>{truncate(layout.note, innerWidth)}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
