import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitFiles, commitMessage } from '../../src/git/commit.js';
import { IntentChanges } from '../../src/git/intent-changes.js';
import { createRepo, removeTempDirs, type TempRepo } from '../support/git-repos.js';

afterEach(removeTempDirs);

function repoWithFiles(): TempRepo {
  const repo = createRepo();
  repo.git('config', 'user.name', 'Agent Test');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  repo.commit('files', { files: { 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' } });
  return repo;
}

describe('intent changes and commit', () => {
  it('commits only the agent files, never the user pending edits or untracked files', async () => {
    const repo = repoWithFiles();
    repo.write('b.ts', 'user edit\n'); // pending before the intent
    repo.write('notes.txt', 'user untracked\n');
    repo.write('c.ts', 'user staged\n');
    repo.git('add', 'c.ts');
    const changes = new IntentChanges(repo.path);
    await changes.begin();
    // the agent edits a.ts with a tool, and one of its shell commands creates src/new.ts
    repo.write('a.ts', 'agent\n');
    changes.noteAgentWrites(['a.ts']);
    const commandStart = Date.now();
    repo.write('src/new.ts', 'created by a command\n');
    changes.noteCommand(commandStart, Date.now());
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual(['a.ts', 'src/new.ts']);
    expect(verdict.skipped).toEqual([]);
    const result = await commitFiles(
      repo.path,
      verdict.files,
      commitMessage('Fix a\n\nDetails.', 'fix a'),
      'commit',
    );
    expect(result.commit).toMatch(/^[0-9a-f]{7,}$/);
    expect(repo.git('show', '--name-only', '--format=%s', 'HEAD').split('\n').filter(Boolean)).toEqual([
      'Fix a',
      'a.ts',
      'src/new.ts',
    ]);
    // the user's work is exactly as it was
    expect(fs.readFileSync(path.join(repo.path, 'b.ts'), 'utf8')).toBe('user edit\n');
    expect(repo.git('status', '--porcelain')).toBe(' M b.ts\nM  c.ts\n?? notes.txt');
  });

  it('skips and reports a file the user changed after the agent wrote it, and one that held user edits', async () => {
    const repo = repoWithFiles();
    repo.write('b.ts', 'user edit\n');
    const changes = new IntentChanges(repo.path);
    await changes.begin();
    repo.write('a.ts', 'agent\n');
    repo.write('b.ts', 'user edit\nagent line\n');
    changes.noteAgentWrites(['a.ts', 'b.ts']);
    repo.write('a.ts', 'agent\nuser typed meanwhile\n');
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual([]);
    expect(verdict.skipped).toEqual([
      "a.ts: changed by someone else after the agent's last edit; not committed",
      'b.ts: it held your uncommitted edits before the intent; left for you to commit',
    ]);
  });

  it('stages deletions and renames; "stage" stages without committing, "off" does nothing', async () => {
    const repo = repoWithFiles();
    const changes = new IntentChanges(repo.path);
    await changes.begin();
    // An agent command without an overlay (say `git mv`) deletes and creates.
    await changes.beforeCommand();
    const startedAt = Date.now();
    fs.rmSync(path.join(repo.path, 'c.ts'));
    repo.write('d.ts', 'd\n');
    await changes.afterCommand({ startedAt, endedAt: Date.now() });
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual(['c.ts', 'd.ts']);
    const head = repo.git('rev-parse', 'HEAD');
    expect(await commitFiles(repo.path, verdict.files, 'x', 'off')).toEqual({ staged: [] });
    await commitFiles(repo.path, verdict.files, 'x', 'stage');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain')).toBe('D  c.ts\nA  d.ts');
  });

  it('leaves out a file changed while no agent command ran (the user typing meanwhile)', async () => {
    const repo = repoWithFiles();
    const changes = new IntentChanges(repo.path);
    await changes.begin();
    const start = Date.now();
    repo.write('built.txt', 'by the command\n');
    changes.noteCommand(start, start + 100);
    const userFile = repo.write('b.ts', 'the user edited this one later\n');
    const later = new Date(start + 60_000);
    fs.utimesSync(userFile, later, later);
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual(['built.txt']);
    expect(verdict.skipped).toEqual(['b.ts: changed while no agent command ran (yours?); not committed']);
  });

  it('builds a subject of at most 72 characters from the final answer', () => {
    const long = `**${'Refactor the retry helper so that it honours retry-after headers '.repeat(2)}**`;
    const message = commitMessage(`${long}\n\nMore words.`, 'retry');
    const subject = message.split('\n')[0]!;
    expect(subject.length).toBeLessThanOrEqual(72);
    expect(subject.startsWith('Refactor the retry helper')).toBe(true);
    expect(message).toContain('More words.');
    expect(message).toContain('Intent: retry');
    expect(commitMessage('', 'add a test\nwith details').split('\n')[0]).toBe('add a test');
  });
});
