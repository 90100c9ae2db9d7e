// The keys of the grid on a remote pane do what they do on a local one, through the protocol: the
// grid (local panes + a host) drawn by the real App, the host's session behind `serve` on an
// in-memory byte stream. `@` completes the host's own project names; an intent id that both
// workspaces have goes to the pane's own host.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppActions } from '../../src/core/app-state.js';
import { Grid } from '../../src/remote/grid.js';
import { RemoteHost } from '../../src/remote/remote-host.js';
import { serve } from '../../src/remote/serve.js';
import { App } from '../../src/ui/app.js';
import { appStore, intentView, paneState } from '../support/fixtures.js';
import { KEYS, press, type Rendered, renderSized, type, waitForFrame } from '../support/ink.js';
import { waitFor } from '../support/wait.js';

let current: Rendered | undefined;
const grids: Grid[] = [];
afterEach(() => {
  current?.unmount();
  current = undefined;
  for (const grid of grids.splice(0)) grid.close();
});

/** Actions that only record what they were called with. */
function recording(calls: unknown[][]): AppActions {
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
      return undefined;
    };
  return {
    submitIntent: record('submitIntent') as AppActions['submitIntent'],
    inputHistory: () => [],
    rememberInput: record('rememberInput'),
    steer: record('steer'),
    cancel: record('cancel'),
    retryIntent: record('retryIntent'),
    togglePause: record('togglePause'),
    focusChanged: record('focusChanged'),
  };
}

function setup() {
  const remoteCalls: unknown[][] = [];
  const localCalls: unknown[][] = [];
  const remoteStore = appStore([
    paneState('api', { intents: [intentView(1, 'remote one', 'failed')] }),
    paneState('lib'),
  ]);
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  serve({
    session: { store: remoteStore, actions: recording(remoteCalls) },
    input: toServer,
    output: fromServer,
    about: { version: '0.0.0', host: 'build1', root: '/srv' },
  });
  const host = new RemoteHost({
    name: 'build1',
    connect: () => ({ input: fromServer, output: toServer, close: () => {}, ended: new Promise(() => {}) }),
  });
  const local = appStore([paneState('web', { intents: [intentView(1, 'local one', 'failed')] })]);
  const grid = new Grid({ store: local }, recording(localCalls));
  grids.push(grid);
  grid.add(host);
  host.start();
  current = renderSized(<App store={grid.store} actions={grid.actions} onQuit={() => {}} />, {
    columns: 120,
    rows: 30,
  });
  return { remoteCalls, localCalls, rendered: current };
}

const has = (calls: unknown[][], call: unknown[]) =>
  calls.some((c) => JSON.stringify(c) === JSON.stringify(call));

describe('keys on a remote pane', () => {
  it('queue, complete @references within the host, retry by id and pause reach that host', async () => {
    const { remoteCalls, localCalls, rendered } = setup();
    await waitForFrame(rendered.lastFrame, (f) => f.includes('build1:api') && f.includes('build1:lib'));

    await press(rendered.stdin, '2');
    // #1 exists on both sides: `r` on the remote pane retries the remote one.
    await press(rendered.stdin, 'r');
    await waitFor(() => has(remoteCalls, ['retryIntent', 1]), 5000, 'the remote retry');
    expect(localCalls.some((c) => c[0] === 'retryIntent')).toBe(false);

    await press(rendered.stdin, 'z');
    await press(rendered.stdin, 'p');
    await waitFor(() => has(remoteCalls, ['togglePause', 'api']), 5000, 'the remote pause');
    await press(rendered.stdin, KEYS.escape);
    await new Promise((resolve) => setTimeout(resolve, 60));

    await press(rendered.stdin, '1');
    await press(rendered.stdin, 'r');
    await waitFor(() => has(localCalls, ['retryIntent', 1]), 5000, 'the local retry');
    expect(remoteCalls.filter((c) => c[0] === 'retryIntent')).toHaveLength(1);
    await press(rendered.stdin, '2');
    await press(rendered.stdin, 'i');
    await type(rendered.stdin, 'do it like @l');
    await press(rendered.stdin, KEYS.tab);
    await waitForFrame(rendered.lastFrame, (f) => f.includes('do it like @lib'));
    await press(rendered.stdin, KEYS.enter);
    await waitFor(
      () => has(remoteCalls, ['submitIntent', 'api', 'do it like @lib']),
      5000,
      'the remote submit',
    );

    expect(localCalls.some((c) => c[0] === 'submitIntent')).toBe(false);
  });
});
