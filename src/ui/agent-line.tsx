// The pane's agent line. Only this small component animates, so a spinner re-renders one line,
// not the pane; all spinners share Ink's one animation timer. A message that says what to do
// (`agent off: … set OPENAI_API_KEY`, a failure) wraps onto more rows instead of losing its end.
import { Box, Text, useAnimation } from 'ink';
import { memo } from 'react';
import type { AgentActivity } from '../core/pane-state.js';
import { agentLabel, agentWraps, truncateWords } from './pane-header.js';
import { elapsed } from './relative-time.js';
import { textWidth, truncate, wrapText } from './text.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The rows a still (not spinning) agent line takes at `width`, at most `maxRows`. */
export function agentTextRows(
  activity: AgentActivity,
  now: number,
  width: number,
  maxRows: number,
): string[] {
  const label = agentLabel(activity, now);
  if (!agentWraps(activity) || maxRows <= 1) return [truncateWords(label.text, width)];
  const rows = wrapText(label.text, width);
  if (rows.length <= maxRows) return rows;
  return [...rows.slice(0, maxRows - 1), truncate(rows.slice(maxRows - 1).join(' '), width)];
}

interface AgentLineProps {
  activity: AgentActivity;
  now: number;
  width: number;
  maxRows?: number;
}

function AgentLineView(props: AgentLineProps) {
  const { activity, now, width, maxRows = 1 } = props;
  const label = agentLabel(activity, now);
  const running = label.since !== undefined;
  const { frame } = useAnimation({ interval: 120, isActive: running });
  if (!running) {
    return (
      <Box flexDirection="column" flexShrink={0}>
        {agentTextRows(activity, now, width, maxRows).map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of one message are positional
          <Box key={i} flexShrink={0} height={1}>
            <Text color={label.color} dimColor={label.dim} bold={label.bold} wrap="truncate-end">
              {row}
            </Text>
          </Box>
        ))}
      </Box>
    );
  }
  const spinner = SPINNER[frame % SPINNER.length];
  const time = elapsed(label.since!, Date.now());
  const room = width - textWidth(`${spinner} `) - textWidth(` · ${time}`);
  return (
    <Box flexShrink={0} height={1}>
      <Text wrap="truncate-end">
        <Text color={label.color}>
          {spinner} {truncateWords(label.text, Math.max(1, room))}
        </Text>
        <Text dimColor> · {time}</Text>
      </Text>
    </Box>
  );
}

/** Activities equal field by field: a stream makes a new (equal) one with every word. */
function sameActivity(a: AgentActivity, b: AgentActivity): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof AgentActivity)[];
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

export const AgentLine = memo(
  AgentLineView,
  (a, b) =>
    a.now === b.now && a.width === b.width && a.maxRows === b.maxRows && sameActivity(a.activity, b.activity),
);
