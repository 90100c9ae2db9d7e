// Plain aligned columns for CLI listings (no colours: output is often piped).
import { stripVTControlCharacters } from 'node:util';
import { cellsOf, padEndCells } from '../cell-pad.js';
import { visibleName } from '../sanitize.js';

export function formatTable(header: string[], rows: string[][], maxCell = 60): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => clip(cell, maxCell)));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => cellsOf(row[column] ?? ''))));
  return `${cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : padEndCells(cell, widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function clip(text: string, max: number): string {
  // Names, subjects and intents are anyone's text: no escape code reaches the user's terminal.
  const line = visibleName(stripVTControlCharacters(text.replace(/\s+/g, ' ')));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
