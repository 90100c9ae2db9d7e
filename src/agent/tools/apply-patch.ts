// The `apply_patch` tool: several file changes in Codex's patch format, all or nothing.
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { applyPatch } from '../patch/apply.js';
import { PatchParseError, parsePatch } from '../patch/parse.js';
import { defineTool } from '../tool.js';
import { count, guard } from './result.js';

const parameters = z.object({
  patch: z.string().describe('The whole patch, from "*** Begin Patch" to "*** End Patch".'),
});

export const applyPatchTool = defineTool({
  name: 'apply_patch',
  description: [
    'Add, delete, update and rename files with one patch; it applies completely or not at all. Format:',
    '*** Begin Patch',
    '*** Add File: path/new.ts',
    '+every line of the new file, prefixed with +',
    '*** Delete File: path/old.ts',
    '*** Update File: path/a.ts',
    '*** Move to: path/b.ts        (optional rename)',
    '@@ function retry            (optional: a line to find first, to place the hunk)',
    ' unchanged context line (about 3 before and after each change)',
    '-removed line',
    '+added line',
    '*** End of File               (optional: the hunk ends the file)',
    '*** End Patch',
    'Paths are relative to the project root. Hunks of a file must follow the file order.',
  ].join('\n'),
  parameters,
  kind: 'write',
  describe: (args) => `apply_patch ${patchTargets(args.patch)}`,
  approvalDetail: (args) => `apply_patch\n${args.patch}`,
  run: (args, ctx) =>
    guard('apply_patch', async () => {
      let ops: ReturnType<typeof parsePatch>;
      try {
        ops = parsePatch(args.patch);
      } catch (error) {
        if (error instanceof PatchParseError) throw new UserError(`${error.message}. No file was changed.`);
        throw error;
      }
      if (ops.length === 0) throw new UserError('The patch has no file operations. No file was changed.');
      let changes: Awaited<ReturnType<typeof applyPatch>>;
      try {
        changes = await applyPatch(ctx.projectRoot, ops);
      } catch (error) {
        if (error instanceof UserError) {
          throw new UserError(
            `${error.message}. No file was changed; read the file and send the corrected patch.`,
          );
        }
        throw error;
      }
      const lines = changes.map((change) => {
        ctx.changedFiles.add(change.path);
        if (change.movedTo) ctx.changedFiles.add(change.movedTo);
        const letter =
          change.kind === 'add' ? 'A' : change.kind === 'delete' ? 'D' : change.movedTo ? 'R' : 'M';
        return `${letter} ${change.path}${change.movedTo ? ` → ${change.movedTo}` : ''}`;
      });
      return {
        output: `Applied the patch:\n${lines.join('\n')}`,
        summary: `apply_patch ${count(changes.length, 'file')}`,
      };
    }),
});

/** The files a patch names, for the approval prompt, without parsing it fully. */
function patchTargets(patch: string): string {
  const paths = [...patch.matchAll(/^\*\*\* (?:Add|Delete|Update) File: (.+)$/gm)].map((match) =>
    match[1]!.trim(),
  );
  if (paths.length === 0) return '(no files)';
  return paths.length > 3 ? `${paths.slice(0, 3).join(', ')} +${paths.length - 3} more` : paths.join(', ');
}
