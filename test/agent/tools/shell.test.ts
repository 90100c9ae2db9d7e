import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { shellTool } from '../../../src/agent/tools/shell.js';
import { call, makeContext, makeRepo, removeTempDirs } from '../../support/tool-fixtures.js';

afterAll(removeTempDirs);

// Alive and not a zombie (a reaped-late zombie is dead for our purpose).
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitDead(pids: number[], ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pids.every((pid) => !alive(pid))) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function pidsIn(output: string): number[] {
  return [...output.matchAll(/pid=(\d+)/g)].map((match) => Number(match[1]));
}

describe('shell', () => {
  const root = makeRepo({ 'a.txt': 'hello\n' });

  it('runs in the project root with stdout and stderr interleaved, and reports the exit code', async () => {
    const result = await call(
      shellTool,
      { command: 'pwd; echo out; echo err >&2; echo out2; exit 3' },
      makeContext(root),
    );
    expect(result.output).toBe(`${root}\nout\nerr\nout2\n[exit 3]`);
    expect(result.summary).toMatch(/→ exit 3$/);
    expect(result.isError).toBe(false);
  });

  it('closes stdin so a command never waits for input', async () => {
    const started = Date.now();
    const result = await call(shellTool, { command: 'cat; read x; echo "got:$x"' }, makeContext(root));
    expect(result.output).toBe('got:\n[exit 0]');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('kills the whole process group on timeout, background children included', async () => {
    const started = Date.now();
    const result = await call(
      shellTool,
      // 2.5 s: a login shell whose profile runs pyenv can take over a second to start on a busy machine.
      { command: 'sleep 100 & echo "pid=$!"; echo "pid=$$"; sleep 100', timeout_ms: 2500 },
      makeContext(root),
    );
    expect(Date.now() - started).toBeLessThan(8000);
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/\[timed out after 2\.5s; process group killed\]$/);
    const pids = pidsIn(result.output);
    expect(pids).toHaveLength(2);
    expect(await waitDead(pids)).toBe(true);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const result = await call(
      shellTool,
      {
        command: `trap '' TERM; bash -c "trap '' TERM; sleep 100" & echo "pid=$!"; sleep 100; sleep 100`,
        timeout_ms: 300,
      },
      makeContext(root),
    );
    expect(result.output).toMatch(/timed out/);
    expect(await waitDead(pidsIn(result.output))).toBe(true);
  });

  it('kills background processes left behind by a finished command, stubborn ones too', async () => {
    const started = Date.now();
    const result = await call(
      shellTool,
      { command: `sleep 100 & echo "pid=$!"; (trap '' TERM; sleep 100) & echo "pid=$!"` },
      makeContext(root),
    );
    expect(result.output).toMatch(/\[exit 0\]$/);
    expect(await waitDead(pidsIn(result.output))).toBe(true);
    // The 1 s grace before SIGKILL, plus a login shell that can be slow on a busy machine.
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('cancels through the AbortSignal', async () => {
    const controller = new AbortController();
    const ctx = makeContext(root, { signal: controller.signal });
    const running = call(shellTool, { command: 'echo "pid=$$"; sleep 100' }, ctx);
    setTimeout(() => controller.abort(), 300);
    const result = await running;
    expect(result.output).toMatch(/\[cancelled; process group killed\]$/);
    expect(result.summary).toMatch(/cancelled/);
    expect(await waitDead(pidsIn(result.output))).toBe(true);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await call(
      shellTool,
      { command: 'touch started.txt' },
      makeContext(root, { signal: controller.signal }),
    );
    expect(result.output).toMatch(/cancelled/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fs.existsSync(`${root}/started.txt`)).toBe(false);
  });

  // Memory stays bounded while streaming: see HeadTailBuffer's retainedBytes test in tools-truncate.
  it('keeps head and tail of 3 million lines within 32 KiB, quickly', async () => {
    const started = Date.now();
    const result = await call(shellTool, { command: 'seq 3000000' }, makeContext(root));
    const elapsed = Date.now() - started;
    expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(32 * 1024);
    expect(result.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(result.output.endsWith('2999999\n3000000\n[exit 0]')).toBe(true);
    const dropped = Number(/\[truncated (\d+) bytes\]/.exec(result.output)![1]);
    // `seq 3000000` prints 22,888,896 bytes; what is shown plus what was dropped is all of it.
    const shown = Buffer.byteLength(
      result.output.replace(/\n… \[truncated \d+ bytes\] …\n/, '').replace('[exit 0]', ''),
    );
    expect(dropped + shown).toBe(22_888_896);
    expect(elapsed).toBeLessThan(10_000);
  });

  it('rejects a bad timeout', async () => {
    const result = await call(shellTool, { command: 'true', timeout_ms: -1 }, makeContext(root));
    expect(result.isError).toBe(true);
    expect(result.output).toMatch(/timeout_ms/);
  });
});
