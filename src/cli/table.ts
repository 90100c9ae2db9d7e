// Plain aligned columns for CLI listings (no colours: output is often piped).
import { stripVTControlCharacters } from 'node:util';

export function formatTable(header: string[], rows: string[][], maxCell = 60): string {
  const cells = [header, ...rows].map((row) =>
    row.map((cell) => clip(stripVTControlCharacters(cell), maxCell)),
  );
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return `${cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
