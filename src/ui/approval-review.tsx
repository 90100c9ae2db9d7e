// The approval prompt, opened with Enter on a pane that waits: the whole step (every line of the
// command, the whole patch), scrollable, and the keys that answer it. `y` and `a` count only once
// the last row has been on screen, so nothing hidden runs on a yes.
import { Box, Text } from 'ink';
import type { PaneState } from '../core/pane-state.js';
import { shortKey } from './keymap.js';
import { cleanText, truncate, wrapText } from './text.js';

/** What the UI keeps about an open prompt: which step (its pane and start time) and how far it was read. */
export interface ReviewState {
  project: string;
  since: number;
  /** First row shown. */
  scroll: number;
  /** The last row has been shown: y and a may answer now. */
  seenEnd: boolean;
}

/** The step's rows at `width`: the whole detail (or the one-line summary when there is none). */
export function reviewRows(pane: PaneState, width: number): string[] {
  const activity = pane.activity;
  if (activity.kind !== 'approval') return [];
  return wrapText(cleanText(activity.detail ?? activity.summary), Math.max(1, width));
}

/** Rows of the frame that are not the step: title, rule, keys line, borders. */
const CHROME = 5;

export function reviewGeometry(pane: PaneState, width: number, height: number) {
  const rows = reviewRows(pane, width - 4);
  const visible = Math.max(1, height - CHROME);
  return { rows, visible, maxScroll: Math.max(0, rows.length - visible) };
}

/** Whether the step waiting in `pane` is still the one the prompt was opened for. */
export function reviewOf(review: ReviewState | undefined, pane: PaneState | undefined): boolean {
  return !!review && pane?.activity.kind === 'approval' && pane.activity.since === review.since;
}

export function ApprovalReview(props: {
  pane: PaneState;
  review: ReviewState;
  width: number;
  height: number;
}) {
  const { pane, review, width, height } = props;
  const { rows, visible, maxScroll } = reviewGeometry(pane, width, height);
  const scroll = Math.min(review.scroll, maxScroll);
  const shown = rows.slice(scroll, scroll + visible);
  const inner = Math.max(1, width - 4);
  const where =
    rows.length > visible
      ? `rows ${scroll + 1}–${scroll + shown.length} of ${rows.length}`
      : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}, all shown`;
  const keys = review.seenEnd || maxScroll === 0;
  return (
    <Box
      width={width}
      height={height}
      borderStyle="round"
      borderColor="yellow"
      paddingX={1}
      flexDirection="column"
      overflow="hidden"
    >
      <Box height={1} flexShrink={0}>
        <Text color="yellow" bold wrap="truncate-end">
          {truncate(`⚠ ${pane.project.name} waits for approval to run this step · ${where}`, inner)}
        </Text>
      </Box>
      <Box height={1} flexShrink={0}>
        <Text dimColor>{'─'.repeat(inner)}</Text>
      </Box>
      <Box flexDirection="column" height={visible} flexShrink={0} overflow="hidden">
        {shown.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are a window, positional
          <Box key={i} height={1} flexShrink={0}>
            <Text>{row}</Text>
          </Box>
        ))}
      </Box>
      <Box height={1} flexShrink={0}>
        <Text wrap="truncate-end">
          {keys ? (
            <Text>
              <Text color="cyan" bold>
                {shortKey('approval.yes', 'approval')}
              </Text>{' '}
              yes ·{' '}
              <Text color="cyan" bold>
                {shortKey('approval.always', 'approval')}
              </Text>{' '}
              always (this intent) ·{' '}
            </Text>
          ) : (
            <Text color="yellow">↓/PgDn to the end first ({maxScroll - scroll} more rows), then y · </Text>
          )}
          <Text color="cyan" bold>
            {shortKey('approval.no', 'approval')}
          </Text>{' '}
          no · <Text dimColor>↑↓ scroll · Esc back (it keeps waiting)</Text>
        </Text>
      </Box>
    </Box>
  );
}
