// The approval note in a pane: the waiting action's summary (wrapped) and how to open the prompt that
// shows it whole and answers it (approval-review.tsx). No key typed in the grid answers it.
import { Box, Text } from 'ink';
import type { AgentActivity } from '../core/pane-state.js';
import { shortKey } from './keymap.js';
import { cleanText, truncate, wrapText } from './text.js';

const LEAD = '⚠ ';

/** The summary rows at `width`, at most `maxRows` (the last one cut with `…`). */
export function approvalRows(activity: AgentActivity, width: number, maxRows: number): string[] {
  if (activity.kind !== 'approval' || maxRows <= 0) return [];
  const rows = wrapText(cleanText(activity.summary), Math.max(1, width - LEAD.length));
  const kept =
    rows.length <= maxRows
      ? rows
      : [...rows.slice(0, maxRows - 1), truncate(rows.slice(maxRows - 1).join(' '), width)];
  return kept.map((row, i) => (i === 0 ? LEAD : ' '.repeat(LEAD.length)) + row);
}

/** Rows the prompt takes: the summary plus the keys row. */
export function approvalPromptRows(activity: AgentActivity, width: number, maxRows: number): number {
  const rows = approvalRows(activity, width, maxRows - 1).length;
  return rows > 0 ? rows + 1 : 0;
}

export function ApprovalPrompt(props: {
  activity: AgentActivity;
  width: number;
  maxRows: number;
  focused: boolean;
}) {
  const { activity, width, maxRows, focused } = props;
  const rows = approvalRows(activity, width, maxRows - 1);
  if (rows.length === 0) return null;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows of one summary are positional
        <Box key={i} flexShrink={0} height={1}>
          <Text color="yellow" wrap="truncate-end">
            {row}
          </Text>
        </Box>
      ))}
      <Box flexShrink={0} height={1}>
        <Text wrap="truncate-end">
          {'  '}
          <Text color={focused ? 'cyan' : undefined} bold={focused}>
            {shortKey('approval.open', 'grid')}
          </Text>
          <Text dimColor={!focused}> reviews it whole, to answer it</Text>
          {focused ? null : <Text dimColor> (focus the pane)</Text>}
        </Text>
      </Box>
    </Box>
  );
}
