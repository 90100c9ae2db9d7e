// The end of every intent, whichever engine ran it: exactly the files the agent changed (never the
// user's pending edits) committed on the current branch, or held while a merge or rebase is unfinished.
import { errorMessage } from '../errors.js';
import { commitMessage } from '../git/commit.js';
import type { IntentChanges } from '../git/intent-changes.js';
import type { Intent } from '../model/intent.js';
import type { Project } from '../model/project.js';
import { visibleName } from '../sanitize.js';
import { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import type { Settings } from '../store/settings.js';
import { commitOrDefer } from './deferred-commit.js';
import type { IntentSink } from './intent-executor.js';
import type { IntentOutcome } from './runner.js';
import { shipyardNote } from './shipyard-note.js';

/** Lines of left-out files shown one by one; a command that made hundreds gets one line for the rest. */
const SHOWN_LEFT_OUT = 20;

export async function commitIntent(input: {
  db: Db;
  sink: IntentSink;
  intent: Intent;
  project: Project;
  settings: Settings;
  changes: IntentChanges;
  finalText: string;
}): Promise<IntentOutcome> {
  const { db, sink, intent, project, settings } = input;
  const summary = input.finalText.trim().split('\n')[0]?.slice(0, 200) ?? '';
  try {
    const verdict = await input.changes.verdict();
    reportLeftOut(input, verdict.skipped);
    const policy = settings.projects[project.name]?.commit ?? settings.commit;
    const commit = {
      projectPath: project.path,
      intentId: intent.id,
      files: verdict.files,
      message: commitMessage(input.finalText, intent.text),
      policy,
    };
    for (const line of await commitOrDefer(db, commit)) sink.info?.(intent, line);
  } catch (error) {
    sink.info?.(intent, `commit failed: ${errorMessage(error)}`);
    return {
      state: 'failed',
      error: `the work is done but the commit failed: ${errorMessage(error)}`,
      summary,
    };
  }
  return { state: 'done', summary };
}

/** The files left out, in the pane (and `ask`'s output) and for the model in its next message. */
function reportLeftOut(
  input: { db: Db; sink: IntentSink; intent: Intent; project: Project },
  lines: string[],
) {
  if (!lines.length) return;
  const { sink, intent } = input;
  // A file name may hold a newline or an escape: it must neither fake a line nor drive a terminal.
  lines = lines.map(visibleName);
  for (const line of lines.slice(0, SHOWN_LEFT_OUT)) sink.info?.(intent, `not committed: ${line}`);
  const more = lines.length - SHOWN_LEFT_OUT;
  if (more > 0) sink.info?.(intent, `not committed: ${more} more files (git status lists them)`);
  const listed = lines.slice(0, SHOWN_LEFT_OUT).join('\n');
  const note = `The commit after intent #${intent.id} left out these files (as the user was told):\n${listed}${more > 0 ? `\n… and ${more} more` : ''}`;
  new ContextStore(input.db).append(input.project.path, shipyardNote(note), { kind: 'note' });
}
