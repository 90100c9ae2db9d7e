// The diff view of one intent in the zoomed pane: its files one after the other (or one alone), added
// lines green, removed red, a cursor, a marked range and the comment being written. Only the rows on
// screen are cleaned and cut, so a 20,000-line diff draws as fast as a short one.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { summaryLabel } from '../model/diff.js';
import { visibleName } from '../sanitize.js';
import { commentedAt, type DiffViewState, diffRows, isMarked, rowLine } from './diff-view-state.js';
import { cleanText, padTo, textWidth, truncate } from './text.js';

/** Characters of one line cleaned per frame: a minified 1 MB line costs no more than a short one. */
const SHOWN_CHARS = 4096;

const LINE_COLOURS = { add: 'green', del: 'red', hunk: 'cyan' } as const;

/** Rows the diff itself takes in a view of `height` rows (a title above, a status line below). */
export function diffBodyRows(height: number): number {
  return Math.max(1, height - 2);
}

export function DiffView(props: { view: DiffViewState; width: number; height: number }) {
  const { view, width, height } = props;
  const data = view.data;
  const body = diffBodyRows(height);
  const files = data?.files ?? [];
  const shownFile = view.file === -1 ? undefined : files[view.file];
  const totals = data
    ? summaryLabel({ files: data.fileCount ?? files.length, added: data.added, removed: data.removed })
    : '';
  const title = [
    `#${view.id} in ${visibleName(view.project)}`,
    data?.title,
    totals,
    shownFile
      ? `file ${view.file + 1}/${data?.fileCount ?? files.length} ${visibleName(shownFile.path)}`
      : files.length > 1
        ? 'all files'
        : undefined,
    data?.partial ? `reading the other ${data.fileCount! - files.length} files…` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const rows = data ? diffRows(data, view.file) : [];
  const visible = rows.slice(view.top, view.top + body);
  const numberWidth = Math.max(
    3,
    ...visible.map((row) => String(rowLine(data!, row).new ?? rowLine(data!, row).old ?? '').length),
  );

  let status: ReactNode;
  if (view.comment) {
    const where = view.comment.lines
      ? `${visibleName(view.comment.lines.path)}:${view.comment.lines.from}${view.comment.lines.to !== view.comment.lines.from ? `-${view.comment.lines.to}` : ''}`
      : 'the whole change';
    const prompt = `comment on ${where} › `;
    const text = view.comment.text;
    const room = Math.max(1, width - textWidth(prompt) - 1);
    const shown = textWidth(text) > room ? `…${text.slice(-(room - 1))}` : text;
    status = (
      <Text wrap="truncate-end">
        <Text color="yellow">{prompt}</Text>
        {cleanText(shown)}
        <Text inverse> </Text>
      </Text>
    );
  } else {
    const count = view.comments.length;
    const note = view.closing
      ? `${count} ${count === 1 ? 'comment' : 'comments'} not sent: Esc again drops them · s sends them`
      : count > 0
        ? `${count} ${count === 1 ? 'comment' : 'comments'} to send · s sends (front of the queue) · S (end)`
        : view.mark !== undefined
          ? 'marking: move, then c comments on the marked lines · v unmarks'
          : 'v marks lines · c comments · n/p file · a all files · U undo';
    status = (
      <Text
        wrap="truncate-end"
        color={view.closing || count > 0 ? 'yellow' : undefined}
        dimColor={!view.closing && count === 0}
      >
        {note}
      </Text>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate-end" bold>
          {truncate(title, width)}
        </Text>
      </Box>
      <Box flexDirection="column" flexShrink={0} height={body} overflow="hidden">
        {!data ? (
          <Box flexShrink={0} height={1}>
            <Text color={view.error ? 'red' : undefined} dimColor={!view.error}>
              {truncate(view.error ?? 'reading the diff…', width)}
            </Text>
          </Box>
        ) : data.nothing ? (
          <Box flexShrink={0} height={1}>
            <Text dimColor>{truncate(data.nothing, width)}</Text>
          </Box>
        ) : (
          visible.map((row, i) => {
            const index = view.top + i;
            const line = rowLine(data, row);
            const file = files[row.file]!;
            const cursor = index === view.cursor;
            if (line.kind === 'meta' && line.text.startsWith('diff --git ')) {
              const counts = file.added === null ? 'binary' : `+${file.added} −${file.removed}`;
              return (
                <Box key={index} flexShrink={0} height={1}>
                  <Text wrap="truncate-end" bold color="cyan" inverse={cursor}>
                    {truncate(`${cursor ? '›' : ' '}━━ ${visibleName(file.path)}  ${counts}`, width)}
                  </Text>
                </Box>
              );
            }
            const number = line.new ?? line.old;
            // The cursor has a mark of its own besides the inverse row: terminals without colours show it too.
            const gutter = `${cursor ? '›' : ' '}${padTo(number === undefined ? '' : String(number), numberWidth)} `;
            const marker = isMarked(view, index) ? '▌' : commentedAt(view, line, file.path) ? '●' : ' ';
            const room = Math.max(1, width - numberWidth - 3);
            const colour =
              line.kind in LINE_COLOURS ? LINE_COLOURS[line.kind as keyof typeof LINE_COLOURS] : undefined;
            return (
              <Box key={index} flexShrink={0} height={1}>
                <Text wrap="truncate-end" inverse={cursor}>
                  <Text dimColor>{gutter}</Text>
                  <Text color="yellow">{marker}</Text>
                  <Text color={colour} dimColor={line.kind === 'meta'}>
                    {truncate(cleanText(line.text.slice(0, SHOWN_CHARS)), room)}
                  </Text>
                </Text>
              </Box>
            );
          })
        )}
      </Box>
      <Box flexShrink={0} height={1}>
        {status}
      </Box>
    </Box>
  );
}
