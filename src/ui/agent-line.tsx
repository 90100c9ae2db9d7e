// The pane's agent line. Only this small component animates, so a spinner re-renders one line,
// not the pane; all spinners share Ink's one animation timer.
import { Text, useAnimation } from 'ink';
import type { AgentActivity } from '../core/types.js';
import { agentLabel, truncateWords } from './pane-header.js';
import { elapsed } from './relative-time.js';
import { textWidth } from './text.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function AgentLine({ activity, now, width }: { activity: AgentActivity; now: number; width: number }) {
  const label = agentLabel(activity, now);
  const running = label.since !== undefined;
  const { frame } = useAnimation({ interval: 120, isActive: running });
  if (!running) {
    return (
      <Text color={label.color} dimColor={label.dim} wrap="truncate-end">
        {truncateWords(label.text, width)}
      </Text>
    );
  }
  const spinner = SPINNER[frame % SPINNER.length];
  const time = elapsed(label.since!, Date.now());
  const room = width - textWidth(`${spinner} `) - textWidth(` · ${time}`);
  return (
    <Text wrap="truncate-end">
      <Text color={label.color}>
        {spinner} {truncateWords(label.text, Math.max(1, room))}
      </Text>
      <Text dimColor> · {time}</Text>
    </Text>
  );
}
