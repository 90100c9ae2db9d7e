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
    // the agent edits a.ts with a tool, and one of its commands on an overlay creates src/new.ts
    repo.write('a.ts', 'agent\n');
    changes.noteAgentWrites(['a.ts']);
    const commandStart = Date.now();
    repo.write('src/new.ts', 'created by a command\n');
    await changes.afterCommand({ startedAt: commandStart, endedAt: Date.now(), written: ['src/new.ts'] });
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
    // An agent command on an overlay (say `git mv`) deletes and creates.
    const startedAt = Date.now();
    fs.rmSync(path.join(repo.path, 'c.ts'));
    repo.write('d.ts', 'd\n');
    await changes.afterCommand({ startedAt, endedAt: Date.now(), written: ['c.ts', 'd.ts'] });
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual(['c.ts', 'd.ts']);
    const head = repo.git('rev-parse', 'HEAD');
    expect(await commitFiles(repo.path, verdict.files, 'x', 'off')).toEqual({ staged: [] });
    await commitFiles(repo.path, verdict.files, 'x', 'stage');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain')).toBe('D  c.ts\nA  d.ts');
  });

  it('commits nothing known only by time: what an unfenced command may have written is left out and reported', async () => {
    const repo = repoWithFiles();
    const changes = new IntentChanges(repo.path);
    await changes.begin();
    // A command without an overlay writes built.txt and deletes c.ts; the user edits a.ts meanwhile.
    await changes.beforeCommand();
    const start = Date.now();
    repo.write('built.txt', 'by the command\n');
    fs.rmSync(path.join(repo.path, 'c.ts'));
    repo.write('a.ts', 'the user typing meanwhile\n');
    await changes.afterCommand({ startedAt: start, endedAt: start + 100 });
    // Later, with no command running, the user edits b.ts and deletes a file of theirs.
    const userFile = repo.write('b.ts', 'the user edited this one later\n');
    const later = new Date(start + 60_000);
    fs.utimesSync(userFile, later, later);
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual([]);
    const maybe = "(the agent's or yours: Shipyard cannot tell); left for you to commit";
    expect(verdict.skipped).toEqual([
      `a.ts: changed while an agent command ran without an overlay ${maybe}`,
      'b.ts: changed while no agent command ran (yours?); not committed',
      `built.txt: changed while an agent command ran without an overlay ${maybe}`,
      `c.ts: deleted while an agent command ran without an overlay ${maybe}`,
    ]);
  });

  it("an engine's file-change paths are committed as hashed then; its commands' writes and deletions are left out", async () => {
    const repo = repoWithFiles();
    const changes = new IntentChanges(repo.path);
    await changes.begin();
    repo.write('a.ts', 'by the engine\n');
    changes.noteAgentWrites(['a.ts']);
    const start = Date.now();
    repo.write('out.txt', 'by a command\n');
    fs.rmSync(path.join(repo.path, 'c.ts'));
    changes.noteCommand(start, Date.now());
    const verdict = await changes.verdict();
    expect(verdict.files).toEqual(['a.ts']);
    const maybe = "(the agent's or yours: Shipyard cannot tell); left for you to commit";
    expect(verdict.skipped).toEqual([
      `c.ts: deleted during an intent whose commands ran without an overlay ${maybe}`,
      `out.txt: changed while an agent command ran without an overlay ${maybe}`,
    ]);
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
