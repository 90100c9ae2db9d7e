import { describe, expect, it } from 'vitest';
import { renderApp } from '../../src/ui/render-app.js';
import { appStore, panes } from '../support/fixtures.js';
import { FakeStdin, FakeStdout, KEYS } from '../support/ink.js';

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

function terminal() {
  const stdout = new FakeStdout(100, 30, true);
  const stdin = new FakeStdin();
  const opts = {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
  };
  return { stdout, stdin, opts, written: () => stdout.frames.join('') };
}

describe('renderApp', () => {
  it('runs on the alternate screen and restores the terminal when q quits', async () => {
    const { stdin, opts, written } = terminal();
    const app = renderApp(appStore(panes(3)), {}, opts);
    expect(written()).toContain(ENTER_ALT);
    const deadline = Date.now() + 2000;
    while (!written().includes('worker') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(written()).toContain('worker');
    stdin.write('q');
    await new Promise((resolve) => setTimeout(resolve, 50));
    stdin.write('q'); // an agent is at work in the fixture: quitting asks twice
    await app.waitUntilExit();
    const out = written();
    expect(out.lastIndexOf(LEAVE_ALT)).toBeGreaterThan(out.lastIndexOf(ENTER_ALT));
    expect(out.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(out.lastIndexOf(LEAVE_ALT));
  });

  it('quits on Ctrl+C and on unmount()', async () => {
    const first = terminal();
    const app = renderApp(appStore(panes(1)), {}, first.opts);
    await new Promise((r) => setTimeout(r, 50));
    first.stdin.write(KEYS.ctrlC);
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.stdin.write(KEYS.ctrlC);
    await app.waitUntilExit();
    expect(first.written()).toContain(LEAVE_ALT);

    const second = terminal();
    const other = renderApp(appStore(panes(1)), {}, second.opts);
    other.unmount();
    await other.waitUntilExit();
    expect(second.written()).toContain(LEAVE_ALT);
  });
});
