import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { approvalNotice, intentNotice, notify, oscText, runHook } from '../../src/core/notify.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(removeTempDirs);

function fakeStdout() {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => chunks.push(chunk) };
}

describe('notify', () => {
  it('rings the bell, sends an OSC 9 notification, or stays quiet', () => {
    const notice = { project: 'api', title: '#3 done: fix the flaky test' };
    const bell = fakeStdout();
    notify({ kind: 'bell', stdout: bell }, notice);
    expect(bell.chunks).toEqual(['\x07']);
    const osc = fakeStdout();
    notify({ kind: 'osc9', stdout: osc }, notice);
    expect(osc.chunks).toEqual(['\x1b]9;api: #3 done: fix the flaky test\x07']);
    const off = fakeStdout();
    notify({ kind: 'off', stdout: off }, notice);
    expect(off.chunks).toEqual([]);
  });

  it('keeps escape sequences and control characters out of the OSC text', () => {
    const osc = fakeStdout();
    notify(
      { kind: 'osc9', stdout: osc },
      { project: 'api', title: 'evil\x07\x1b]9;x\x07 \x1b[31mred\x1b[0m\nnext' },
    );
    const written = osc.chunks.join('');
    expect(written.startsWith('\x1b]9;')).toBe(true);
    expect(written.endsWith('\x07')).toBe(true);
    // One BEL (the terminator) and one ESC (the introducer): nothing inside can end or open a sequence.
    expect(written.match(/\x07/g)).toHaveLength(1);
    expect(written.match(/\x1b/g)).toHaveLength(1);
    expect(oscText('a'.repeat(500))).toHaveLength(200);
  });

  it('notices only intent ends and approvals in panes that are not focused', () => {
    const intent = { id: 4, text: 'add retries\nwith details' };
    expect(intentNotice('api', intent, 'done', false)).toEqual({
      project: 'api',
      title: '#4 done: add retries',
    });
    expect(intentNotice('api', intent, 'failed', false)?.title).toBe('#4 failed: add retries');
    expect(intentNotice('api', intent, 'done', true)).toBeUndefined();
    expect(intentNotice('api', intent, 'running', false)).toBeUndefined();
    expect(intentNotice('api', intent, 'cancelled', false)).toBeUndefined();
    expect(approvalNotice('web', 'run npm install', false)).toEqual({
      project: 'web',
      title: 'needs approval: run npm install',
    });
    expect(approvalNotice('web', 'run npm install', true)).toBeUndefined();
  });
});

describe('runHook', () => {
  it('runs the command with bash in the project folder with the event in SHIPYARD_* variables', async () => {
    const projectPath = makeTempDir('shipyard-hook-project-');
    const out = path.join(makeTempDir('shipyard-hook-out-'), 'env.txt');
    const result = await runHook(`env | grep '^SHIPYARD_' | sort > '${out}'; pwd >> '${out}'; echo noise`, {
      project: 'api',
      projectPath,
      oldState: 'running',
      newState: 'done',
      intentId: 12,
      text: "fix the 'flaky' test",
    });
    expect(result).toEqual({ code: 0, timedOut: false });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'SHIPYARD_PROJECT=api',
        `SHIPYARD_PROJECT_PATH=${projectPath}`,
        'SHIPYARD_OLD_STATE=running',
        'SHIPYARD_NEW_STATE=done',
        'SHIPYARD_INTENT_ID=12',
        "SHIPYARD_INTENT=fix the 'flaky' test",
        projectPath,
      ]),
    );
  });

  it('kills a hook that outlives its timeout, with its children', async () => {
    const dir = makeTempDir('shipyard-hook-slow-');
    const marker = path.join(dir, 'late');
    const started = Date.now();
    const result = await runHook(
      `(sleep 1; touch '${marker}') & sleep 30`,
      { project: 'api', projectPath: dir, oldState: null, newState: 'queued', intentId: null, text: 'x' },
      { timeoutMs: 200 },
    );
    expect(result.timedOut).toBe(true);
    expect(result.code).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    // The background child was in the killed process group: it never got to touch the file.
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('never throws: a failing hook or a missing folder is just a result', async () => {
    const dir = makeTempDir('shipyard-hook-fail-');
    const event = {
      project: 'api',
      projectPath: dir,
      oldState: 'running',
      newState: 'failed',
      intentId: 1,
      text: 'x',
    };
    expect(await runHook('exit 3', event)).toEqual({ code: 3, timedOut: false });
    const missing = await runHook('true', { ...event, projectPath: path.join(dir, 'gone') });
    expect(missing.code).toBeNull();
    expect(missing.error).toMatch(/ENOENT/);
    expect((await runHook('   ', event)).error).toBe('empty hook command');
  });
});
