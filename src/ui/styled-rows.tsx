// Rows of styled text as ONE Ink text node: a box of rows costs one Yoga node and a few virtual
// texts (runs of one style, joined by newlines), not a box and a text per row (issue 18: the grid's
// frame is mostly React, Yoga and Ink walking nodes). Ink truncates each row that is too wide, as
// `wrap="truncate-end"` did on every row's own text; callers give rows already cut to the width.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Segment } from './pane-header.js';

/** One screen row: its spans, left to right. */
export type StyledRow = readonly Segment[];

interface Run {
  text: string;
  color?: string;
  dim?: boolean;
  bold?: boolean;
}

const sameStyle = (a: Segment, b: Segment) =>
  a.color === b.color && Boolean(a.dim) === Boolean(b.dim) && Boolean(a.bold) === Boolean(b.bold);

/**
 * Adjacent spans of one style become one run, across rows too: Ink styles a run line by line, so a
 * run over several rows reads as each row styled alone.
 */
export function styledRuns(rows: readonly StyledRow[]): Run[] {
  const runs: Run[] = [];
  rows.forEach((row, index) => {
    if (index > 0) {
      const last = runs.at(-1);
      if (last) last.text += '\n';
      else runs.push({ text: '\n' });
    }
    for (const span of row) {
      if (span.text === '') continue;
      const last = runs.at(-1);
      // A run that ends a row may carry the next row's first span when the style is the same.
      if (last && sameStyle(last, span)) last.text += span.text;
      else runs.push({ text: span.text, color: span.color, dim: span.dim, bold: span.bold });
    }
  });
  return runs;
}

function RowsText({ rows }: { rows: readonly StyledRow[] }) {
  return (
    <Text wrap="truncate-end">
      {styledRuns(rows).map((run, i) =>
        run.color === undefined && !run.dim && !run.bold ? (
          run.text
        ) : (
          // Runs are positional: a changed row re-renders this whole small list.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Text key={i} color={run.color} dimColor={run.dim} bold={run.bold}>
            {run.text}
          </Text>
        ),
      )}
    </Text>
  );
}

const sameSegment = (a: Segment, b: Segment) => a.text === b.text && sameStyle(a, b);

function sameRows(a: readonly StyledRow[], b: readonly StyledRow[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (!sameSegment(x[j]!, y[j]!)) return false;
  }
  return true;
}

/** A block of rows that re-renders only when one of them changed. */
const KeptRowsText = memo(RowsText, (a, b) => sameRows(a.rows, b.rows));

/**
 * `rows` in a box exactly as tall (never shrunk: a pane too short clips them), or, with `grow`, in a
 * box that takes the room left and clips what does not fit. Re-renders only when a row changed.
 * With `grow` (a pane's conversation) the last row is a text node of its own: a streamed answer grows
 * only that row, so the rows above keep their node and Ink its squashed, measured and styled text
 * (the same cells: Ink styles a text line by line).
 */
export const StyledRows = memo(
  function StyledRows({ rows, grow }: { rows: readonly StyledRow[]; grow?: boolean }) {
    if (grow) {
      return (
        <Box flexDirection="column" flexGrow={1} overflow="hidden">
          {rows.length > 1 ? <KeptRowsText rows={rows.slice(0, -1)} /> : null}
          {rows.length > 0 ? <KeptRowsText rows={rows.slice(-1)} /> : null}
        </Box>
      );
    }
    return (
      <Box flexDirection="column" flexShrink={0} height={rows.length}>
        {rows.length > 0 ? <RowsText rows={rows} /> : null}
      </Box>
    );
  },
  (a, b) => a.grow === b.grow && sameRows(a.rows, b.rows),
);
