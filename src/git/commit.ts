// Commits (or stages) exactly the files an intent changed, on the current branch. Never pushes,
// never amends, never touches files outside the list.
import type { CommitPolicy } from '../model/policies.js';
import { stripControls } from '../sanitize.js';
import { runGit } from './run.js';

export interface CommitResult {
  /** Short hash of the new commit, when one was made. */
  commit?: string;
  staged: string[];
  message?: string;
}

const SUBJECT_MAX = 72;

/** A commit message from the agent's final answer: its first line as subject (≤ 72 chars), the rest as body. */
export function commitMessage(answer: string, intent: string): string {
  // Escape codes in a subject would replay in every `git log` the user runs.
  const finalText = stripControls(answer);
  const intentText = stripControls(intent);
  const lines = finalText.split('\n').map((line) => line.replace(/^#+\s*|^[-*]\s+|\*\*/g, '').trimEnd());
  const firstIndex = lines.findIndex((line) => line.trim().length > 0);
  const source = firstIndex >= 0 ? lines[firstIndex]!.trim() : intentText.trim().split('\n')[0]!;
  const subject = clipSubject(source.replace(/[.:]+$/, '')) || 'Shipyard: agent changes';
  const body =
    firstIndex >= 0
      ? lines
          .slice(firstIndex + 1)
          .join('\n')
          .trim()
      : '';
  const intentNote = `Intent: ${intentText.trim().slice(0, 500)}`;
  return [subject, '', body, body ? '' : undefined, intentNote]
    .filter((part) => part !== undefined)
    .join('\n');
}

function clipSubject(text: string): string {
  if (text.length <= SUBJECT_MAX) return text;
  const cut = text.slice(0, SUBJECT_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export async function commitFiles(
  repoPath: string,
  files: string[],
  message: string,
  policy: CommitPolicy,
): Promise<CommitResult> {
  if (policy === 'off' || files.length === 0) return { staged: [] };
  // -A stages deletions too; paths after `--` are never read as options.
  await runGit(repoPath, ['add', '-A', '--', ...files]);
  if (policy === 'stage') return { staged: files };
  await runGit(repoPath, ['commit', '--quiet', '-m', message, '--', ...files]);
  const commit = (await runGit(repoPath, ['rev-parse', '--short', 'HEAD'])).trim();
  return { commit, staged: files, message };
}
