// The `serve --stdio` protocol, driven directly: the handshake and its refusals, each action as a
// request, and the order of what the server tells (pane changes before the answer that caused them,
// an intent's start before its text before its end). Real server process, real git, scripted model.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/core/app-state.js';
import type { PaneState } from '../../src/core/pane-state.js';
import { type RemoteClient, RemoteError } from '../../src/remote/client.js';
import { PROTOCOL_VERSION } from '../../src/remote/protocol.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';
import { type Served, startServe } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

let server: ScriptedServer | undefined;
const served: Served[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.close();
  await server?.close();
  server = undefined;
  removeTempDirs();
});

function workspace(config?: Record<string, unknown>) {
  const root = makeTempDir('shipyard-serve-');
  for (const name of ['api', 'web']) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  const home = makeTempDir('shipyard-serve-home-');
  if (config) fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config));
  return { root, home };
}

function pane(client: RemoteClient, name: string): PaneState {
  const found = client.current?.panes.find((p) => p.project.name === name);
  if (!found) throw new Error(`no pane ${name}`);
  return found;
}

async function until(client: RemoteClient, check: (state: AppState) => boolean, what: string) {
  await waitFor(() => client.current !== undefined && check(client.current), 15_000, what);
}

const text = (p: PaneState) => p.lines.map((line) => line.text).join('\n');

describe('shipyard serve --stdio', () => {
  it('says hello first, refuses another protocol version in one line, and sends the state', async () => {
    const { root, home } = workspace();
    const s = startServe(root, { SHIPYARD_HOME: home, OPENAI_API_KEY: '' });
    served.push(s);
    await expect(s.client.call('steer', { project: 'api', text: 'x' })).rejects.toThrow('say hello first');
    const refused = s.client.call('hello', { protocol: PROTOCOL_VERSION + 1 });
    await expect(refused).rejects.toBeInstanceOf(RemoteError);
    await expect(refused).rejects.toThrow(
      new RegExp(`protocol ${PROTOCOL_VERSION + 1} is not ${PROTOCOL_VERSION}`),
    );
    const hello = await s.client.hello();
    expect(hello.protocol).toBe(PROTOCOL_VERSION);
    expect(hello.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(hello.root).toBe(fs.realpathSync(root));
    expect(hello.state.panes.map((p) => p.project.name)).toEqual(['api', 'web']);
    await expect(s.client.call('nonsense')).rejects.toThrow('no method nonsense');
    await expect(s.client.call('submitIntent', { project: 'api' })).rejects.toThrow('text must be a string');
    // Git state arrives as pane changes after the hello.
    await until(s.client, (state) => state.panes.every((p) => p.git !== undefined), 'git state');
    expect(pane(s.client, 'api').git?.branch).toBe('main');
    expect(await s.close()).toBe(0);
  });

  it('runs an intent queued by request, and tells its changes in order: queued, started, text, done', async () => {
    server = await startScriptedServer([
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'hello.txt', old_string: '', new_string: 'hi\n' } },
        ],
        delayMs: 5,
      },
      { text: 'Wrote hello.txt for you.', delayMs: 5 },
    ]);
    const { root, home } = workspace();
    const s = startServe(root, scriptedEnv(server, home));
    served.push(s);
    await s.client.hello();
    const answer = (await s.client.call('submitIntent', { project: 'api', text: 'add hello.txt' })) as {
      reason: string | null;
    };
    expect(answer.reason).toBeNull();
    // The queued intent was told before the answer came.
    const responseAt = s.log.findIndex((m) => m.id === 2);
    const queuedAt = s.log.findIndex(
      (m) => m.method === 'pane' && JSON.stringify(m.params).includes('"text":"add hello.txt"'),
    );
    expect(queuedAt).toBeGreaterThanOrEqual(0);
    expect(queuedAt).toBeLessThan(responseAt);
    await until(s.client, () => pane(s.client, 'api').activity.kind === 'done', 'the intent done');
    const api = pane(s.client, 'api');
    expect(text(api)).toContain('add hello.txt');
    expect(text(api)).toContain('Wrote hello.txt for you.');
    expect(fs.readFileSync(path.join(root, 'api/hello.txt'), 'utf8')).toBe('hi\n');
    await waitFor(() => /hello/.test(gitLog(path.join(root, 'api'))), 10_000, 'the commit');
    // Order of the notifications about api: its user line, then the answer's text, then done.
    const seqs = s.log.filter((m) => 'method' in m).map((m) => (m.params as { seq: number }).seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const about = s.log.filter((m) => m.method === 'pane').map((m) => JSON.stringify(m.params));
    const started = about.findIndex((m) => m.includes('"kind":"user"') && m.includes('add hello.txt'));
    const wrote = about.findIndex((m) => m.includes('Wrote'));
    const done = about.findIndex((m) => m.includes('"kind":"done"'));
    expect(started).toBeGreaterThanOrEqual(0);
    expect(started).toBeLessThan(wrote);
    expect(wrote).toBeLessThanOrEqual(done);
  });

  it('takes every action by request: queue editing, pause, retry, steer, cancel, approvals, contexts, history', async () => {
    let release = false;
    server = await startScriptedServer((request) => {
      const body = JSON.stringify(request.body);
      if (body.includes('needs approval') && !body.includes('"role":"tool"'))
        return {
          toolCalls: [
            {
              name: 'edit_file',
              arguments: { path: 'README.md', old_string: '# test repo', new_string: '# approved' },
            },
          ],
        };
      if (body.includes('slow task') && !release) return { text: 'working on it slowly', delayMs: 400 };
      return { text: 'ok' };
    });
    const { root, home } = workspace({ projects: { web: { approval: 'ask' } } });
    const s = startServe(root, scriptedEnv(server, home));
    served.push(s);
    await s.client.hello();
    const call = (method: string, params: Record<string, unknown>) => s.client.call(method, params);
    const ids = () => (pane(s.client, 'api').intents ?? []).map((i) => [i.text, i.state]);

    // Queue editing on a paused queue: nothing runs meanwhile.
    await call('togglePause', { project: 'api' });
    await until(s.client, () => pane(s.client, 'api').paused === true, 'paused');
    for (const t of ['one', 'two', 'three']) await call('submitIntent', { project: 'api', text: t });
    await until(s.client, () => ids().length === 3, 'three queued');
    const [one, two, three] = pane(s.client, 'api').intents!.map((i) => i.id);
    await call('moveIntent', { id: three, direction: 'up' });
    await call('editIntent', { id: one, text: 'one, edited' });
    await call('deleteIntent', { id: two });
    await until(
      s.client,
      () =>
        JSON.stringify(ids()) ===
        JSON.stringify([
          ['one, edited', 'queued'],
          ['three', 'queued'],
        ]),
      'edited queue',
    );
    await call('togglePause', { project: 'api' });
    await until(s.client, () => ids().every(([, state]) => state === 'done'), 'queue done');

    // Retry a cancelled intent; steer and cancel a running one.
    await call('submitIntent', { project: 'api', text: 'slow task' });
    await until(s.client, () => pane(s.client, 'api').activity.kind === 'thinking', 'running');
    await call('steer', { project: 'api', text: 'mind the tests' });
    await until(s.client, () => text(pane(s.client, 'api')).includes('(steer) mind the tests'), 'steered');
    await call('cancel', { project: 'api' });
    await until(s.client, () => ids().at(-1)?.[1] === 'cancelled', 'cancelled');
    release = true;
    const cancelled = pane(s.client, 'api').intents!.at(-1)!.id;
    await call('retryIntent', { id: cancelled });
    await until(s.client, () => ids().at(-1)?.[1] === 'done', 'retried and done');

    // An approval, answered by request.
    await call('submitIntent', { project: 'web', text: 'needs approval' });
    await until(s.client, () => pane(s.client, 'web').activity.kind === 'approval', 'approval asked');
    await call('answerApproval', { project: 'web', answer: 'yes' });
    await until(s.client, () => pane(s.client, 'web').activity.kind === 'done', 'approved and done');
    const readme = path.join(root, 'web/README.md');
    expect(fs.readFileSync(readme, 'utf8')).toContain('# approved');

    // Contexts: a reset is said in the pane; a compaction of a short context says there is nothing to do.
    await call('resetContext', { project: 'api' });
    await until(s.client, () => text(pane(s.client, 'api')).includes('fresh context'), 'reset');
    await call('compactContext', { project: 'web' });
    await until(s.client, () => text(pane(s.client, 'web')).includes('compact'), 'compaction line');

    // Input history, restore plans, focus and refresh.
    await call('rememberInput', { project: 'api', text: 'remember me' });
    expect(await call('inputHistory', { project: 'api' })).toContain('remember me');
    const doneWeb = pane(s.client, 'web').intents!.at(-1)!.id;
    const plan = (await call('planRestore', { id: doneWeb })) as { count: number; files: string };
    expect(plan).toEqual({ count: 1, files: 'README.md' });
    await call('restoreIntent', { id: doneWeb });
    await until(
      s.client,
      () => text(pane(s.client, 'web')).includes(`restored 1 file as they were before #${doneWeb}`),
      'restored',
    );
    // The file the approved edit changed is back as it was before that intent, not deleted.
    expect(fs.readFileSync(readme, 'utf8')).toMatch(/^# test repo\n/);
    await call('focusChanged', { project: 'web' });
    await call('refresh', { project: 'web' });
    await expect(call('moveIntent', { id: 1, direction: 'sideways' })).rejects.toThrow('direction');
  });
});

function gitLog(dir: string): string {
  return execFileSync('git', ['log', '--format=%s'], { cwd: dir, encoding: 'utf8' });
}
