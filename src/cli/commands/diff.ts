// `shipyard diff ID [--stat]`: what intent ID committed (or staged), as the diff view shows it:
// coloured on a terminal, the plain unified diff when piped (for `git apply`, a pager, a file).
import { cellsOf, padEndCells } from '../../cell-pad.js';
import { summaryLabel } from '../../model/diff.js';
import { visibleName } from '../../sanitize.js';
import type { CliEnv } from '../env.js';
import { openActions, parseIntentId } from '../state.js';

const COLOURS = { add: '\x1b[32m', del: '\x1b[31m', hunk: '\x1b[36m', meta: '\x1b[1m', context: '' } as const;
const RESET = '\x1b[0m';

export async function diffCommand(env: CliEnv, idText: string, options: { stat?: boolean }): Promise<void> {
  const id = parseIntentId(idText);
  const diff = await openActions(env).diff(id, options.stat ? { stat: true } : { patch: true });
  if (diff.nothing) {
    process.stderr.write(`${diff.nothing}\n`);
    return;
  }
  const tty = process.stdout.isTTY === true;
  const out: string[] = [];
  const totals = summaryLabel({ files: diff.files.length, added: diff.added, removed: diff.removed });
  if (options.stat) {
    const width = Math.max(...diff.files.map((file) => cellsOf(visibleName(file.path))));
    for (const file of diff.files) {
      const counts = file.added === null ? 'binary' : `+${file.added} −${file.removed}`;
      out.push(` ${padEndCells(visibleName(file.path), width)} | ${counts}`);
    }
    out.push(` ${totals}${diff.change?.undoneAt ? ' (undone)' : ''}`);
  } else if (!tty) {
    process.stdout.write(diff.patch ?? '');
    return;
  } else {
    const change = diff.change!;
    const what = change.kind === 'commit' ? `commit ${change.commit!.slice(0, 7)}` : 'staged, not committed';
    out.push(
      `${COLOURS.meta}#${id} in ${diff.intent.project} · ${what} · ${totals}${change.undoneAt ? ' · undone' : ''}${RESET}`,
    );
    for (const file of diff.files)
      for (const line of file.lines) {
        const text = visibleName(line.text);
        out.push(COLOURS[line.kind] ? `${COLOURS[line.kind]}${text}${RESET}` : text);
      }
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
