// Remote workspaces over a real sshd on loopback: the remote workspace's panes join the local ones,
// an intent typed for a remote pane runs there (against the scripted model) and is committed there,
// and a connection killed mid-intent leaves the intent running while the grid marks the host
// disconnected, reconnects and catches up. Failures to start are one line naming the host.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/core/app-state.js';
import { ObservableState } from '../../src/core/observable-state.js';
import type { PaneState } from '../../src/core/pane-state.js';
import type { Grid } from '../../src/remote/grid.js';
import { Grid as GridClass } from '../../src/remote/grid.js';
import { openGrid, sshConnection } from '../../src/remote/open-grid.js';
import { RemoteHost } from '../../src/remote/remote-host.js';
import type { HostSpec } from '../../src/remote/ssh.js';
import { cliEntry, nodeBin } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';
import { remoteShipyard, type Sshd, startSshd } from '../support/sshd.js';
import { waitFor } from '../support/wait.js';

let sshd: Sshd;
beforeAll(async () => {
  sshd = await startSshd(['build1', 'build2']);
});
afterAll(async () => {
  await sshd?.stop();
});

let server: ScriptedServer | undefined;
const grids: Grid[] = [];
const releases: string[] = [];
afterEach(async () => {
  for (const dir of releases.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  for (const grid of grids.splice(0)) grid.close();
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const localPane = (name: string): PaneState => ({
  project: { name, path: `/local/${name}`, pinned: false },
  activity: { kind: 'idle' },
  lines: [],
  queueLength: 0,
});

function remoteWorkspace(server: ScriptedServer, config?: Record<string, unknown>) {
  const root = makeTempDir('shipyard-remote-ws-');
  const repo = createRepo({ parent: root, name: 'api' });
  repo.git('config', 'user.name', 'Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  const home = makeTempDir('shipyard-remote-home-');
  if (config) fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config));
  const spec: HostSpec = {
    name: 'build1',
    destination: 'build1',
    root,
    command: remoteShipyard(nodeBin, cliEntry, { ...scriptedEnv(server, home), HOME: home }),
  };
  return { root, home, spec };
}

const env = () => ({ ...process.env, SHIPYARD_SSH: sshd.sshCommand });
const pane = (state: AppState, name: string) => state.panes.find((p) => p.project.name === name);
const text = (p: PaneState | undefined) => (p?.lines ?? []).map((line) => line.text).join('\n');

/**
 * A grid (with `local` panes) and one host over the loopback sshd whose ssh clients' pids are kept,
 * so a test can kill the connection; it reconnects after 300 ms.
 */
function droppableGrid(spec: Parameters<typeof sshConnection>[0], local: PaneState[] = []) {
  const pids: number[] = [];
  const host = new RemoteHost({
    name: 'build1',
    connect: () => {
      const connection = sshConnection(spec, env());
      if (connection.pid) pids.push(connection.pid);
      return connection;
    },
    backoff: [300],
  });
  const grid = new GridClass(
    { store: new ObservableState<AppState>({ workspaceRoot: '/local', panes: local }) },
    {},
  );
  grids.push(grid);
  grid.add(host);
  host.start();
  return { host, grid, pids };
}

async function until(grid: Grid, check: (state: AppState) => boolean, what: string, timeoutMs = 20_000) {
  await waitFor(() => check(grid.store.get()), timeoutMs, what);
}

describe('remote workspaces over ssh', () => {
  it('shows the remote panes beside the local ones and runs an intent there, committed there', async () => {
    server = await startScriptedServer([
      {
        toolCalls: [
          { name: 'edit_file', arguments: { path: 'hello.txt', old_string: '', new_string: 'hi\n' } },
        ],
      },
      { text: 'Added hello.txt on build1.' },
    ]);
    const { root, spec } = remoteWorkspace(server);
    const local = new ObservableState<AppState>({ workspaceRoot: '/local', panes: [localPane('web')] });
    const grid = openGrid({ local: { store: local }, actions: {}, hosts: [spec], env: env() });
    grids.push(grid);
    await until(grid, (s) => pane(s, 'build1:api')?.git !== undefined, 'the remote pane with its git');
    expect(grid.store.get().panes.map((p) => p.project.name)).toEqual(['web', 'build1:api']);
    expect(pane(grid.store.get(), 'build1:api')!.git?.branch).toBe('main');

    expect(grid.actions.submitIntent!('build1:api', 'add hello.txt')).toBeUndefined();
    await until(
      grid,
      (s) => text(pane(s, 'build1:api')).includes('Added hello.txt on build1.'),
      'the answer',
    );
    await until(grid, (s) => pane(s, 'build1:api')!.intents?.at(-1)?.state === 'done', 'done');
    expect(fs.readFileSync(path.join(root, 'api/hello.txt'), 'utf8')).toBe('hi\n');
    await waitFor(() => gitLog(path.join(root, 'api')).split('\n').length === 2, 10_000, 'the commit there');
  });

  it('keeps the remote intent running when the connection dies, marks the host, reconnects and catches up', async () => {
    let go = false;
    // The command waits for a file outside the project: the project is an overlay inside the sandbox,
    // which does not see files added under it from outside; / is bound live (and /tmp is private).
    const release = fs.mkdtempSync('/var/tmp/shipyard-release-');
    releases.push(release);
    server = await startScriptedServer((request) => {
      const body = JSON.stringify(request.body);
      if (!body.includes('"role":"tool"'))
        return {
          toolCalls: [
            {
              name: 'shell',
              arguments: { command: `while [ ! -f ${release}/go ]; do sleep 0.1; done; echo went` },
            },
          ],
        };
      return { text: `finished after the drop (${go ? 'released' : 'early'})` };
    });
    const { root, home, spec } = remoteWorkspace(server);
    const { host, grid, pids } = droppableGrid(spec, [localPane('web')]);
    await until(
      grid,
      (s) => pane(s, 'build1:api')?.git !== undefined,
      `connected ${JSON.stringify(host.state)} ${JSON.stringify(grid.store.get().panes.map((p) => [p.project.name, p.gitError]))}`,
    );
    grid.actions.submitIntent!('build1:api', 'wait for go');
    await until(grid, (s) => pane(s, 'build1:api')!.activity.kind === 'tool', 'the command running there');

    // The connection dies (the ssh client killed); the remote intent goes on.
    process.kill(pids[0]!, 'SIGKILL');
    await until(
      grid,
      (s) => /build1 disconnected/.test(pane(s, 'build1:api')?.gitError ?? ''),
      'marked away',
    );
    go = true;
    fs.writeFileSync(path.join(release, 'go'), '');
    // Back again (a new ssh, a new serve there): the intent that ran meanwhile shows, done.
    await until(grid, () => host.state.kind === 'connected' && pids.length >= 2, 'reconnected');
    await until(
      grid,
      (s) => text(pane(s, 'build1:api')).includes('finished after the drop (released)'),
      'caught up',
      30_000,
    );
    await until(grid, (s) => pane(s, 'build1:api')!.intents?.at(-1)?.state === 'done', 'done there');
    expect(pane(grid.store.get(), 'build1:api')!.gitError).toBeUndefined();
    const states = execFileSync(nodeBin, [cliEntry, 'intents', '--json', '--root', root], {
      env: { ...process.env, ...scriptedEnv(server, home), INIT_CWD: '' },
      encoding: 'utf8',
    });
    expect(JSON.parse(states).map((i: { state: string }) => i.state)).toEqual(['done']);
  }, 90_000);

  it('catches up the text a step is still streaming after a reconnect, and its rest as it comes', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const deltas = ['Reading ', 'the ', 'build ', 'log ', 'now. ', 'Then ', 'the rest.'];
    // The answer stops after its fifth word (the role chunk first) until the test lets it go on.
    server = await startScriptedServer([{ deltas, hold: { afterEvents: 6, until: released } }]);
    const { spec } = remoteWorkspace(server);
    const { host, grid, pids } = droppableGrid(spec);
    await until(grid, (s) => pane(s, 'build1:api')?.git !== undefined, 'connected');
    grid.actions.submitIntent!('build1:api', 'read the log');
    await until(
      grid,
      (s) => text(pane(s, 'build1:api')).includes('Reading the build log now.'),
      'the held text',
    );

    process.kill(pids[0]!, 'SIGKILL');
    await until(
      grid,
      (s) => /build1 disconnected/.test(pane(s, 'build1:api')?.gitError ?? ''),
      'marked away',
    );
    await until(grid, () => host.state.kind === 'connected' && pids.length >= 2, 'reconnected');
    // The new connection's panes come from the new serve: the running step's text is there, unfinished.
    const caughtUp = pane(grid.store.get(), 'build1:api')!;
    expect(text(caughtUp)).toContain('Reading the build log now.');
    expect(caughtUp.intents?.at(-1)?.state).toBe('running');
    expect(caughtUp.activity.kind).not.toBe('done');
    release();
    await until(
      grid,
      (s) => text(pane(s, 'build1:api')).includes('Reading the build log now. Then the rest.'),
      'the rest of the answer',
      30_000,
    );
    await until(grid, (s) => pane(s, 'build1:api')!.intents?.at(-1)?.state === 'done', 'done there');
    expect(text(pane(grid.store.get(), 'build1:api')).match(/Reading the build log/g)).toHaveLength(1);
  }, 90_000);

  it('rings this terminal for a remote pane that is not focused, as for a local one: its approval and its end', async () => {
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
      return { text: 'ok' };
    });
    const { spec } = remoteWorkspace(server, { projects: { api: { approval: 'ask' } } });
    const local = new ObservableState<AppState>({ workspaceRoot: '/local', panes: [localPane('web')] });
    const grid = new GridClass({ store: local }, {});
    grids.push(grid);
    const written: string[] = [];
    let kind: 'osc9' | 'bell' = 'osc9';
    grid.notifyOn(() => ({ notify: kind }), { write: (chunk: string) => written.push(chunk) });
    const host = new RemoteHost({
      name: 'build1',
      connect: () => sshConnection(spec, env()),
      backoff: [300],
    });
    grid.add(host);
    // The grid's first frame tells the focus before the host is connected (it hears it once it is).
    grid.actions.focusChanged!('web');
    host.start();
    await until(grid, (s) => pane(s, 'build1:api')?.git !== undefined, 'connected');

    grid.actions.submitIntent!('build1:api', 'needs approval');
    await waitFor(() => written.length === 1, 20_000, 'the approval rung for');
    expect(written[0]).toMatch(/^\x1b\]9;build1:api: needs approval: .*README\.md.*\x07$/);
    expect(pane(grid.store.get(), 'build1:api')!.activity.kind).toBe('approval');
    grid.actions.answerApproval!('build1:api', 'yes');
    await waitFor(() => written.length === 2, 20_000, 'the end rung for');
    expect(written[1]).toBe('\x1b]9;build1:api: #1 done: needs approval\x07');

    // The focused remote pane is not rung for; another one is, with the bell when the settings say so.
    grid.actions.focusChanged!('build1:api');
    grid.actions.submitIntent!('build1:api', 'quiet one');
    await until(grid, (s) => pane(s, 'build1:api')!.intents?.at(-1)?.state === 'done', 'quiet one done');
    grid.actions.focusChanged!('web');
    kind = 'bell';
    grid.actions.submitIntent!('build1:api', 'loud one');
    await waitFor(() => written.length === 3, 20_000, 'the bell');
    expect(written).toEqual([written[0], written[1], '\x07']);
    expect(pane(grid.store.get(), 'build1:api')!.intents?.map((i) => i.text)).toEqual([
      'needs approval',
      'quiet one',
      'loud one',
    ]);
  }, 90_000);

  it('shows an approval that was pending when the connection dropped, and answers it from the new connection', async () => {
    server = await startScriptedServer((request) => {
      const body = JSON.stringify(request.body);
      if (!body.includes('"role":"tool"'))
        return {
          toolCalls: [
            {
              name: 'edit_file',
              arguments: {
                path: 'README.md',
                old_string: '# test repo',
                new_string: '# approved after the drop',
              },
            },
          ],
        };
      return { text: 'edited after the drop' };
    });
    const { root, spec } = remoteWorkspace(server, { projects: { api: { approval: 'ask' } } });
    const { host, grid, pids } = droppableGrid(spec);
    await until(grid, (s) => pane(s, 'build1:api')?.git !== undefined, 'connected');
    grid.actions.submitIntent!('build1:api', 'edit the readme');
    await until(grid, (s) => pane(s, 'build1:api')!.activity.kind === 'approval', 'the approval asked');

    process.kill(pids[0]!, 'SIGKILL');
    await until(
      grid,
      (s) => /build1 disconnected/.test(pane(s, 'build1:api')?.gitError ?? ''),
      'marked away',
    );
    await until(grid, () => host.state.kind === 'connected' && pids.length >= 2, 'reconnected');
    // The new serve shows the prompt the old one's agent waits on, whole, and its answer reaches that agent.
    const asked = pane(grid.store.get(), 'build1:api')!.activity;
    expect(asked.kind).toBe('approval');
    expect(asked.kind === 'approval' && asked.detail).toContain('# approved after the drop');
    grid.actions.answerApproval!('build1:api', 'yes');
    await until(grid, (s) => pane(s, 'build1:api')!.intents?.at(-1)?.state === 'done', 'done there', 30_000);
    expect(text(pane(grid.store.get(), 'build1:api'))).toContain('edited after the drop');
    expect(fs.readFileSync(path.join(root, 'api/README.md'), 'utf8')).toMatch(/^# approved after the drop/);
    expect(host.state.kind).toBe('connected');
  }, 90_000);

  it('says in one line per host when Shipyard is missing there or ssh fails, and keeps the local panes', async () => {
    const local = new ObservableState<AppState>({ workspaceRoot: '/local', panes: [localPane('web')] });
    const missing: HostSpec = { name: 'build1', destination: 'build1', command: 'no-such-shipyard' };
    const unreachable: HostSpec = { name: 'nowhere', destination: 'nowhere.invalid', command: 'shipyard' };
    const grid = openGrid({
      local: { store: local },
      actions: {},
      hosts: [missing, unreachable],
      env: env(),
      backoff: [60_000],
    });
    grids.push(grid);
    await until(
      grid,
      (s) =>
        /not installed/.test(pane(s, 'build1:')?.gitError ?? '') &&
        /ssh/.test(pane(s, 'nowhere:')?.gitError ?? ''),
      `both explained ${JSON.stringify(grid.store.get().panes.map((p) => [p.project.name, p.gitError]))}`,
    );
    const state = grid.store.get();
    expect(pane(state, 'build1:')!.gitError).toMatch(
      /^build1: Shipyard is not installed there \(no-such-shipyard not found\); install it on build1 or set hosts\.build1\.command · reconnecting$/,
    );
    expect(pane(state, 'nowhere:')!.gitError).toMatch(
      /^nowhere: ssh nowhere\.invalid failed: .*logs in without a prompt/,
    );
    expect(pane(state, 'web')).toEqual(localPane('web'));
    expect(state.notice).toMatch(/^build1: Shipyard is not installed/);
  });
});

function gitLog(dir: string): string {
  return execFileSync('git', ['log', '--format=%s'], { cwd: dir, encoding: 'utf8' }).trim();
}
