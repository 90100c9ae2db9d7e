// What the input says about its text: an @word that looks like a project but is none stays text
// (with a dim note), npm scopes and decorators queue as they are, and a refused submit never says
// `queued`: the text stays, with the reason.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppActions } from '../../src/core/app-state.js';
import { App } from '../../src/ui/app.js';
import { appStore, paneState, queueCore } from '../support/fixtures.js';
import { frameLines, KEYS, press, type Rendered, renderSized, waitForFrame } from '../support/ink.js';

let current: Rendered | undefined;
afterEach(() => {
  current?.unmount();
  current = undefined;
});

function start(actions: (core: AppActions) => AppActions) {
  const store = appStore([paneState('api'), paneState('web'), paneState('worker')]);
  const core = queueCore(store);
  current = renderSized(<App store={store} actions={actions(core)} onQuit={() => {}} />, {
    columns: 120,
    rows: 30,
  });
  return current;
}

const screen = (frame: string) => frameLines(frame).join('\n');

describe('the input and @words', () => {
  it('queues @types/node and @Injectable as written; notes an @name one letter off a project', async () => {
    const submitIntent = vi.fn<NonNullable<AppActions['submitIntent']>>();
    const rendered = start((core) => ({ ...core, submitIntent }));
    await press(rendered.stdin, 'iadd @types/node and an @Injectable service\r');
    expect(submitIntent).toHaveBeenCalledWith('api', 'add @types/node and an @Injectable service');
    await press(rendered.stdin, 'port it from @wrker');
    const frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('@wrker: not a project'));
    expect(screen(frame)).toContain('@wrker: not a project, kept as text');
    for (let i = 0; i < 'wrker'.length; i++) await press(rendered.stdin, KEYS.backspace);
    await press(rendered.stdin, 'worker');
    await waitForFrame(
      rendered.lastFrame,
      (f) => f.includes('› port it from @worker') && !f.includes('not a project'),
    );
  });

  it('a refused submit keeps the text and says why, never `queued`', async () => {
    const rendered = start((core) => ({
      ...core,
      submitIntent: (project, text) =>
        text.includes('#L9-2') ? 'bad line range in @web:x.ts#L9-2' : core.submitIntent!(project, text),
    }));
    await press(rendered.stdin, 'isee @web:x.ts#L9-2\r');
    const frame = await waitForFrame(rendered.lastFrame, (f) => f.includes('not queued: bad line range'));
    expect(screen(frame)).toContain('› see @web:x.ts#L9-2');
    expect(screen(frame)).not.toMatch(/queued #|queued \(/);
  });
});
