// What people see of a tool's result (the model gets all of it, capped at 32 KiB).

/** The head of a tool's output for the pane: a few lines, each cut, so a huge result costs nothing. */
export function outputPreview(output: string, maxLines = 6, maxChars = 240): string {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < maxLines && start <= output.length) {
    const end = output.indexOf('\n', start);
    const line = output.slice(start, end === -1 ? output.length : end);
    lines.push(line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line);
    if (end === -1) {
      start = output.length + 1;
      break;
    }
    start = end + 1;
  }
  if (start < output.length) lines.push('…');
  return lines.join('\n').trimEnd();
}
