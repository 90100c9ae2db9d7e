// Review in the running app, with real repositories and the scripted model: an intent's diff and
// its row's totals, review comments arriving in the next request with file and line, undo telling
// the model, and all of it again after a restart (the link lives in the state database).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { settingsSchema } from '../../src/store/settings.js';
import { sessionResources } from '../support/app-session.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { waitFor } from '../support/wait.js';

const resources = sessionResources();

const edit = (file: string, from: string, to: string) => ({
  toolCalls: [{ name: 'edit_file', arguments: { path: file, old_string: from, new_string: to } }],
});

describe('AppSession: diff, review and undo', () => {
  it('diffs, sends a review with file and line, undoes, and still knows the change after a restart', async () => {
    const root = makeTempDir('shipyard-session-');
    const repo = createRepo({ parent: root, name: 'web' });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
    repo.commit('files', { files: { 'a.ts': 'one\ntwo\nthree\n' } });
    const server = await resources.server([
      edit('a.ts', 'two', 'TWO'),
      { text: 'Shout two' },
      { text: 'Read the review' },
      { text: 'Heard about the undo' },
    ]);
    const dbFile = path.join(makeTempDir('shipyard-home-'), 'state.db');
    const settings = settingsSchema.parse({});
    const open = () => resources.open({ workspace: openWorkspace({ root }), settings, dbFile });
    let app = open();
    const pane = (): PaneState => resources.pane();
    app.actions.submitIntent?.('web', 'shout two');
    await waitFor(() => pane().intents?.[0]?.state === 'done');
    const id = pane().intents![0]!.id;
    await waitFor(() => pane().intents?.[0]?.change !== undefined);
    expect(pane().intents![0]!.change).toEqual({ files: 1, added: 1, removed: 1, undone: false });

    const diff = await app.actions.loadDiff!(id);
    expect(diff.files.map((file) => file.path)).toEqual(['a.ts']);
    expect(diff.files[0]!.lines.filter((line) => line.kind === 'add' || line.kind === 'del')).toEqual([
      { kind: 'del', text: '-two', old: 2 },
      { kind: 'add', text: '+TWO', new: 2 },
    ]);

    // Review: the comment, with its file, line and text, is the next request's intent message.
    const refused = app.actions.reviewIntent!(
      id,
      [{ text: 'lowercase, please', lines: { path: 'a.ts', from: 2, to: 2, text: ['+TWO'] } }],
      'front',
    );
    expect(refused).toBeUndefined();
    await waitFor(() => pane().intents?.length === 2 && pane().intents?.[1]?.state === 'done');
    const review = server.requests.at(-1)!.raw.toString();
    expect(review).toContain(`Review of intent #${id}`);
    expect(review).toContain('a.ts, line 2:');
    expect(review).toContain('lowercase, please');

    // After a restart the row still shows the change, and undo works from there.
    await resources.close();
    app = open();
    await waitFor(() => pane().intents?.find((intent) => intent.id === id)?.change?.files === 1);
    expect(await app.actions.planUndo!(id)).toMatch(/^revert [0-9a-f]{7} \(1 file\)$/);
    app.actions.undoIntent!(id);
    await waitFor(() => pane().lines.some((line) => line.text.startsWith(`undid #${id}: reverted`)));
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(repo.git('log', '-1', '--format=%s')).toBe('Revert "Shout two"');
    await waitFor(() => pane().intents?.find((intent) => intent.id === id)?.change?.undone === true);
    await expect(app.actions.planUndo!(id)).rejects.toThrow(`#${id} was undone already`);

    app.actions.submitIntent?.('web', 'go on');
    await waitFor(() => pane().intents?.filter((intent) => intent.state === 'done').length === 3);
    expect(server.requests.at(-1)!.raw.toString()).toContain(`[Shipyard] The user undid intent #${id}`);
  }, 30_000);
});
