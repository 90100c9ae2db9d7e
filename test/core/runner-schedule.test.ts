import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Runner, type RunnerChange } from '../../src/core/runner.js';
import { acquireLease, readLease, releaseLease } from '../../src/store/lease.js';
import { removeTempDirs } from '../support/git-repos.js';
import { recordingExecute, runnerFixture, waitFor } from '../support/runner-fixture.js';

const runners: Runner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((runner) => runner.stop({ abort: true })));
  removeTempDirs();
});

function startRunner(options: ConstructorParameters<typeof Runner>[0]): Runner {
  const runner = new Runner({ pollMs: 20, ...options });
  runners.push(runner);
  runner.start();
  return runner;
}

describe('Runner', () => {
  it('runs one project in queue order, telling each run how many wait behind it', async () => {
    const fx = runnerFixture(['api']);
    const api = fx.path('api');
    const ids = ['one', 'two', 'three'].map((text) => fx.intents.enqueue(api, text).id);
    const { execute, runs } = recordingExecute(30);
    const runner = startRunner({ db: fx.db, workspace: fx.workspace, execute });
    expect(runner.isActive).toBe(true);
    await runner.idle();
    expect(runs.map((run) => run.id)).toEqual(ids);
    expect(runs.map((run) => run.waiting)).toEqual([2, 1, 0]);
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
    expect(fx.intents.list({ project: api }).map((intent) => [intent.state, intent.summary])).toEqual([
      ['done', 'did one'],
      ['done', 'did two'],
      ['done', 'did three'],
    ]);
  });

  it('runs different projects in parallel, never more than `parallel` at once', async () => {
    const names = ['a', 'b', 'c', 'd'];
    const fx = runnerFixture(names);
    for (const name of names) for (const n of [1, 2]) fx.intents.enqueue(fx.path(name), `${name}${n}`);
    const { execute, runs } = recordingExecute(80);
    const runner = startRunner({ db: fx.db, workspace: fx.workspace, execute, parallel: 2 });
    await runner.idle();
    expect(runs).toHaveLength(8);
    // Highest number of runs overlapping at any start instant.
    const overlap = Math.max(
      ...runs.map((run) => runs.filter((other) => other.start <= run.start && other.end > run.start).length),
    );
    console.log(`parallel=2: at most ${overlap} intents ran at once`);
    expect(overlap).toBe(2);
    for (const name of names) {
      const own = runs.filter((run) => run.project === name);
      expect(own.map((run) => run.text)).toEqual([`${name}1`, `${name}2`]);
      expect(own[1]!.start).toBeGreaterThanOrEqual(own[0]!.end);
    }
  });

  it('records failures, thrown errors and cancels, and reports every change', async () => {
    const fx = runnerFixture(['api', 'web', 'cli']);
    const changes: RunnerChange[] = [];
    const { execute } = recordingExecute(10);
    const failed = fx.intents.enqueue(fx.path('api'), 'fail');
    const thrown = fx.intents.enqueue(fx.path('web'), 'throw');
    const cancelled = fx.intents.enqueue(fx.path('cli'), 'slow one');
    const runner = new Runner({ db: fx.db, workspace: fx.workspace, execute, pollMs: 20 });
    runners.push(runner);
    runner.on('change', (change) => changes.push(change));
    runner.start();
    await waitFor(
      () => fx.intents.get(cancelled.id)?.state === 'running' && runner.runningIntents().length === 1,
    );
    expect(runner.cancel(fx.path('api'))).toBe(false);
    expect(runner.cancel(fx.path('cli'))).toBe(true);
    await runner.idle();
    expect(fx.intents.get(failed.id)).toMatchObject({ state: 'failed', error: 'tests still red' });
    expect(fx.intents.get(thrown.id)).toMatchObject({
      state: 'failed',
      error: 'the model endpoint vanished',
    });
    expect(fx.intents.get(cancelled.id)?.state).toBe('cancelled');
    const byIntent = (id: number) =>
      changes.filter((change) => change.intentId === id).map((change) => change.state);
    expect(byIntent(failed.id)).toEqual(['running', 'failed']);
    expect(byIntent(thrown.id)).toEqual(['running', 'failed']);
    expect(byIntent(cancelled.id)).toEqual(['running', 'cancelled']);
    expect(changes).toContainEqual({
      projectPath: fx.path('cli'),
      intentId: cancelled.id,
      state: 'cancelled',
    });
  });

  it('cancels on a request made through the database (another process), and honours pause', async () => {
    const fx = runnerFixture(['api']);
    const api = fx.path('api');
    const { execute, runs } = recordingExecute(10);
    const slow = fx.intents.enqueue(api, 'slow');
    const runner = startRunner({ db: fx.db, workspace: fx.workspace, execute });
    await waitFor(() => runs.length === 1);
    fx.intents.pause(api);
    const next = fx.intents.enqueue(api, 'after the pause');
    expect(fx.intents.requestCancel(slow.id)).toBe('requested');
    await waitFor(() => fx.intents.get(slow.id)?.state === 'cancelled');
    await runner.idle();
    expect(fx.intents.get(next.id)?.state).toBe('queued');
    fx.intents.resume(api);
    await runner.idle();
    expect(fx.intents.get(next.id)?.state).toBe('done');
  });

  it('stays passive while another live holder has the lease, then takes over', async () => {
    const fx = runnerFixture(['api']);
    expect(acquireLease(fx.db, fx.path('api'), 'someone-else')).toBe(true);
    const intent = fx.intents.enqueue(fx.path('api'), 'x');
    const { execute } = recordingExecute(10);
    const runner = startRunner({ db: fx.db, workspace: fx.workspace, execute, leaseRetryMs: 30 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(runner.isActive).toBe(false);
    expect(fx.intents.get(intent.id)?.state).toBe('queued');
    releaseLease(fx.db, fx.path('api'), 'someone-else');
    await waitFor(() => runner.isActive, 2000, 'the lease');
    await runner.idle();
    expect(fx.intents.get(intent.id)?.state).toBe('done');
    expect(readLease(fx.db, fx.path('api'))?.holder).toBe(runner.holderId);
  });

  it('on stop, waits for running work or aborts it as interrupted, then releases the lease', async () => {
    const fx = runnerFixture(['api', 'web']);
    const { execute } = recordingExecute(60);
    const quick = fx.intents.enqueue(fx.path('api'), 'quick');
    const slow = fx.intents.enqueue(fx.path('web'), 'slow');
    const later = fx.intents.enqueue(fx.path('api'), 'later');
    const runner = new Runner({ db: fx.db, workspace: fx.workspace, execute, pollMs: 20 });
    runner.start();
    await waitFor(() => runner.runningIntents().length === 2);
    const stopping = runner.stop({ abort: true });
    await stopping;
    expect(fx.intents.get(quick.id)?.state).toBe('interrupted');
    expect(fx.intents.get(slow.id)?.state).toBe('interrupted');
    expect(fx.intents.get(later.id)?.state).toBe('queued');
    expect(readLease(fx.db, fx.path('api'))).toBeUndefined();
    expect(readLease(fx.db, fx.path('web'))).toBeUndefined();
    expect(runner.isActive).toBe(false);

    const second = startRunner({ db: fx.db, workspace: fx.workspace, execute });
    await waitFor(() => second.runningIntents().length === 1);
    await second.stop(); // no abort: the running intent finishes
    expect(fx.intents.get(later.id)?.state).toBe('done');
  });
});

describe('Runner and `shipyard ask` in the same project', () => {
  it('waits while a live ask runs the project, never interrupts it, and frees a dead one', async () => {
    const fx = runnerFixture(['api']);
    const api = fx.path('api');
    // A live ask (this process) runs intent A; B is queued behind the project.
    const asked = fx.intents.startNow(api, 'asked now');
    const queued = fx.intents.enqueue(api, 'queued');
    const { execute, runs } = recordingExecute(10);
    startRunner({ db: fx.db, workspace: fx.workspace, execute });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(runs).toEqual([]);
    expect(fx.intents.get(asked.id)?.state).toBe('running');
    // The ask finishes: the queue goes on.
    fx.intents.finish(asked.id, 'done');
    await waitFor(() => fx.intents.get(queued.id)?.state === 'done');

    // An ask whose process died is interrupted, and the queue goes on.
    const dead = fx.intents.startNow(api, 'asked by a process that died');
    fx.db.prepare('UPDATE intents SET owner_pid = ? WHERE id = ?').run(deadPid(), dead.id);
    const next = fx.intents.enqueue(api, 'after the dead one');
    await waitFor(() => fx.intents.get(next.id)?.state === 'done');
    expect(fx.intents.get(dead.id)?.state).toBe('interrupted');
  });
});

function deadPid(): number {
  const child = spawnSync('true');
  return child.pid!;
}
