// The runner across processes: work queued by another process, and a runner process that dies.
import { afterEach, expect, it } from 'vitest';
import { Runner, type RunnerChange } from '../../src/core/runner.js';
import { readLease } from '../../src/store/lease.js';
import { removeTempDirs } from '../support/git-repos.js';
import { recordingExecute, runnerFixture, waitFor } from '../support/runner-fixture.js';
import { spawnTsx, type TsxChild } from '../support/tsx-child.js';

const runners: Runner[] = [];
const children: TsxChild[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await Promise.all(runners.splice(0).map((runner) => runner.stop({ abort: true })));
  removeTempDirs();
});

it('picks up an intent another process queues while it runs', async () => {
  const fx = runnerFixture(['api', 'web']);
  const { execute, runs } = recordingExecute(50);
  fx.intents.enqueue(fx.path('api'), 'slow, running while the other process queues');
  const runner = new Runner({ db: fx.db, workspace: fx.workspace, execute }); // default poll interval
  runners.push(runner);
  runner.start();
  await waitFor(() => runs.length === 1);

  const child = spawnTsx(
    'test/support/store-child.ts',
    ['enqueue', fx.file, fx.path('web'), '1', 'from cli', '0'],
    {
      SHIPYARD_HOME: fx.home,
    },
  );
  children.push(child);
  expect(await child.exited, child.stderr()).toBe(0);
  const queuedAt = Date.now();
  await waitFor(() => runs.length === 2, 3000, 'the runner to start the intent');
  const pickedUpMs = runs[1]!.start - queuedAt;
  console.log(`an intent queued by another process started after ${pickedUpMs} ms`);
  expect(runs[1]!.text).toBe('from cli 0');
  expect(pickedUpMs).toBeLessThan(1000);
  expect(runner.cancel(fx.path('api'))).toBe(true);
});

it('takes over from a runner process killed mid-intent: that intent is interrupted, the queue goes on', async () => {
  const fx = runnerFixture(['api', 'web']);
  const api = fx.path('api');
  const first = fx.intents.enqueue(api, 'the one that gets killed');
  const second = fx.intents.enqueue(api, 'still queued');
  const child = spawnTsx('test/support/runner-child.ts', [fx.file, JSON.stringify(fx.workspace)], {
    SHIPYARD_HOME: fx.home,
  });
  children.push(child);
  await child.waitForLine((line) => line === `running ${first.id}`);
  expect(readLease(fx.db, api)?.pid).toBe(child.process.pid);

  const { execute, runs } = recordingExecute(10);
  const changes: RunnerChange[] = [];
  const runner = new Runner({ db: fx.db, workspace: fx.workspace, execute, pollMs: 20, leaseRetryMs: 50 });
  runners.push(runner);
  runner.on('change', (change) => changes.push(change));
  runner.start();
  // The child is alive and heartbeating: this runner waits.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(runner.isActive).toBe(false);
  expect(fx.intents.get(first.id)?.state).toBe('running');

  child.process.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
  await waitFor(() => runner.isActive, 2000, 'the takeover');
  expect(fx.intents.get(first.id)).toMatchObject({
    state: 'interrupted',
    error: expect.stringMatching(/stopped/),
  });
  expect(changes[0]).toEqual({ projectPath: api, intentId: first.id, state: 'interrupted' });
  await runner.idle();
  expect(runs.map((run) => run.id)).toEqual([second.id]);
  expect(fx.intents.get(second.id)?.state).toBe('done');

  // The interrupted intent can be resumed: retry puts it first, and it runs.
  fx.intents.retry(first.id);
  await runner.idle();
  expect(fx.intents.get(first.id)?.state).toBe('done');
  expect(fx.intents.events(first.id).map((event) => event.state)).toEqual([
    'queued',
    'running',
    'interrupted',
    'queued',
    'running',
    'done',
  ]);
});

it('two workspaces sharing a pinned project: a runner starting in the other never disturbs its running intent', async () => {
  // Workspace one holds `shared` (pinned in both) and `api`; workspace two holds `shared` and `web`.
  const fx = runnerFixture(['shared', 'api', 'web']);
  const shared = fx.workspace.projects.find((project) => project.name === 'shared')!;
  const one = { root: `${fx.workspace.root}-one`, projects: [shared, fx.workspace.projects[1]!] };
  const two = { root: `${fx.workspace.root}-two`, projects: [shared, fx.workspace.projects[2]!] };
  const running = fx.intents.enqueue(shared.path, 'slow work of workspace one');
  const child = spawnTsx('test/support/runner-child.ts', [fx.file, JSON.stringify(one)], {
    SHIPYARD_HOME: fx.home,
  });
  children.push(child);
  await child.waitForLine((line) => line === `running ${running.id}`);

  const { execute, runs } = recordingExecute(10);
  const changes: RunnerChange[] = [];
  const runner = new Runner({ db: fx.db, workspace: two, execute, pollMs: 20, leaseRetryMs: 20 });
  runners.push(runner);
  runner.on('change', (change) => changes.push(change));
  runner.start();
  // The second runner runs its own project at once…
  const web = fx.intents.enqueue(fx.path('web'), 'web work');
  await waitFor(() => fx.intents.get(web.id)?.state === 'done', 3000, 'the web intent');
  expect(runner.holds(fx.path('web'))).toBe(true);
  // …and leaves the shared one alone: the intent there still runs in workspace one's process.
  const queuedBehind = fx.intents.enqueue(shared.path, 'queued behind, for workspace one');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(runner.holds(shared.path)).toBe(false);
  expect(runner.elsewhere()).toEqual([shared.path]);
  expect(fx.intents.get(running.id)?.state).toBe('running');
  expect(fx.intents.get(queuedBehind.id)?.state).toBe('queued');
  expect(runs.map((run) => run.id)).toEqual([web.id]);
  expect(changes.filter((change) => change.intentId === running.id)).toEqual([]);
  expect(readLease(fx.db, shared.path)?.pid).toBe(child.process.pid);

  // When workspace one's process dies, the other takes the shared project over and resumes its queue.
  child.process.kill('SIGKILL');
  expect(await child.exited).toBe('SIGKILL');
  await waitFor(() => runner.holds(shared.path), 3000, 'the takeover of the shared project');
  expect(fx.intents.get(running.id)?.state).toBe('interrupted');
  await waitFor(() => fx.intents.get(queuedBehind.id)?.state === 'done', 3000, 'the queued intent');
});
