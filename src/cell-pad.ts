// Plain-text columns for CLI output, measured in terminal cells: a Chinese or Japanese character or
// an emoji takes two, so padding by string length would push the next column out of line.
import stringWidth from 'string-width';

export const cellsOf = (text: string): number => stringWidth(text);

/** `text` followed by spaces up to `width` cells. */
export function padEndCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}
