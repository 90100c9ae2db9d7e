// The running app without UI, with real repositories and the scripted model: restoring from the
// zoomed pane's actions, and a commit held on a detached HEAD made when the user checks out a branch.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { settingsSchema } from '../../src/store/settings.js';
import { sessionResources } from '../support/app-session.js';
import { createRepo, makeTempDir, type TempRepo } from '../support/git-repos.js';
import type { ScriptedTurn } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

const resources = sessionResources();

async function start(turns: ScriptedTurn[], prepare: (repo: TempRepo) => void) {
  const root = makeTempDir('shipyard-session-');
  const repo = createRepo({ parent: root, name: 'web' });
  repo.git('config', 'user.name', 'Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  prepare(repo);
  await resources.server(turns);
  const session = resources.open({ workspace: openWorkspace({ root }), settings: settingsSchema.parse({}) });
  const pane = (): PaneState => resources.pane();
  const lines = () => pane().lines.map((line) => line.text);
  return { repo, pane, lines, actions: session.actions };
}

describe('AppSession: snapshots and held commits', () => {
  it('plans and applies a restore from the actions; the pane says what came back', async () => {
    const { repo, pane, lines, actions } = await start(
      [
        {
          toolCalls: [{ name: 'shell', arguments: { command: 'rm notes.txt && echo agent > README.md' } }],
        },
        { text: 'Tidied' },
      ],
      (repo) => {
        repo.write('notes.txt', 'mine\n');
        repo.write('README.md', 'my readme\n');
      },
    );
    actions.submitIntent?.('web', 'tidy');
    await waitFor(() => pane().intents?.[0]?.state === 'done');
    expect(fs.existsSync(path.join(repo.path, 'notes.txt'))).toBe(false);
    const id = pane().intents![0]!.id;
    expect(await actions.planRestore?.(id)).toEqual({ count: 2, files: 'README.md, notes.txt' });
    actions.restoreIntent?.(id);
    await waitFor(() =>
      lines().includes(`restored 2 files as they were before #${id}: README.md, notes.txt`),
    );
    expect(fs.readFileSync(path.join(repo.path, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(fs.readFileSync(path.join(repo.path, 'README.md'), 'utf8')).toBe('my readme\n');
    await expect(actions.planRestore!(id)).resolves.toEqual({ count: 0, files: '' });
    await expect(actions.planRestore!(999)).rejects.toThrow('no intent #999');
  });

  it('applies nothing when the files changed after the plan was shown: the plan as it is now comes back', async () => {
    const { repo, pane, lines, actions } = await start(
      [
        {
          toolCalls: [{ name: 'shell', arguments: { command: 'rm notes.txt && echo agent > README.md' } }],
        },
        { text: 'Tidied' },
      ],
      (repo) => {
        repo.write('notes.txt', 'mine\n');
        repo.write('README.md', 'my readme\n');
      },
    );
    const readme = () => fs.readFileSync(path.join(repo.path, 'README.md'), 'utf8');
    actions.submitIntent?.('web', 'tidy');
    await waitFor(() => pane().intents?.[0]?.state === 'done');
    const id = pane().intents![0]!.id;
    expect(await actions.planRestore?.(id)).toEqual({ count: 2, files: 'README.md, notes.txt' });
    // The same files to restore, but README.md holds new work: the shown plan would lose it unseen.
    repo.write('README.md', 'written after the plan was shown\n');
    await expect(actions.restoreIntent!(id)).resolves.toEqual({ count: 2, files: 'README.md, notes.txt' });
    expect(readme()).toBe('written after the plan was shown\n');
    expect(fs.existsSync(path.join(repo.path, 'notes.txt'))).toBe(false);
    // The user brings notes.txt back: the plan is one file now.
    repo.write('notes.txt', 'mine\n');
    await expect(actions.restoreIntent!(id)).resolves.toEqual({ count: 1, files: 'README.md' });
    expect(readme()).toBe('written after the plan was shown\n');
    // Confirmed as it is now, nothing changed since: applied.
    await expect(actions.restoreIntent!(id)).resolves.toBeUndefined();
    await waitFor(() => lines().includes(`restored 1 file as they were before #${id}: README.md`));
    expect(readme()).toBe('my readme\n');
  });

  it('restores a retried intent to before its first attempt, not to before the retry', async () => {
    const { repo, pane, lines, actions } = await start(
      [
        { toolCalls: [{ name: 'shell', arguments: { command: 'echo first > notes.txt' } }] },
        { fault: { kind: 'status', status: 400, message: 'refused' } },
        { toolCalls: [{ name: 'shell', arguments: { command: 'echo second > notes.txt' } }] },
        { text: 'Rewrote the notes' },
      ],
      (repo) => repo.write('notes.txt', 'mine\n'),
    );
    const notes = () => fs.readFileSync(path.join(repo.path, 'notes.txt'), 'utf8');
    actions.submitIntent?.('web', 'rewrite the notes');
    await waitFor(() => pane().intents?.[0]?.state === 'failed');
    expect(notes()).toBe('first\n');
    const id = pane().intents![0]!.id;
    // The retry keeps the id; its snapshot would hold the first attempt's work, so the first stays.
    actions.retryIntent?.(id);
    await waitFor(() => pane().intents?.[0]?.state === 'done');
    expect(notes()).toBe('second\n');
    expect(lines()).toContain(
      `snapshot before #${id} kept from its first attempt (restore goes back to then)`,
    );
    expect(await actions.planRestore?.(id)).toEqual({ count: 1, files: 'notes.txt' });
    actions.restoreIntent?.(id);
    await waitFor(() => lines().includes(`restored 1 file as they were before #${id}: notes.txt`));
    expect(notes()).toBe('mine\n');
  });

  it('holds the commit on a detached HEAD and makes it on the branch the user checks out', async () => {
    const { repo, pane, lines, actions } = await start(
      [
        {
          toolCalls: [
            { name: 'edit_file', arguments: { path: 'agent.txt', old_string: '', new_string: 'agent\n' } },
          ],
        },
        { text: 'Add agent.txt' },
      ],
      (repo) => repo.detach(),
    );
    await waitFor(() => pane().git?.branch === null);
    actions.submitIntent?.('web', 'add a file');
    await waitFor(() => pane().intents?.[0]?.state === 'done');
    expect(lines().some((line) => line.startsWith('not committed yet: HEAD is detached'))).toBe(true);
    expect(repo.git('log', '--format=%s', '-1', 'main')).toBe('initial');

    repo.git('checkout', '-q', 'main');
    await waitFor(
      () => lines().some((line) => /held until now: committed [0-9a-f]+: Add agent\.txt/.test(line)),
      10_000,
    );
    expect(repo.git('show', '--name-only', '--format=%s', 'main')).toBe('Add agent.txt\n\nagent.txt');
    // The held commit is linked to its intent too: its diff and its row's totals.
    const id = pane().intents![0]!.id;
    const diff = await actions.loadDiff!(id);
    expect(diff.files.map((file) => file.path)).toEqual(['agent.txt']);
    expect(diff.title).toBe(`commit ${repo.git('rev-parse', '--short=7', 'main')}`);
    await waitFor(() => pane().intents?.[0]?.change?.files === 1);
  });
});
