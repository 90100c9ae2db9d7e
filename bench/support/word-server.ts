// Starts bench/support/word-server-child.ts and follows what it reports: requests and finished answers.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface WordServer {
  baseURL: string;
  child: ChildProcess;
  /** Resolves once `count` requests arrived. */
  requested(count: number, timeoutMs: number): Promise<void>;
  /** Resolves once `count` answers finished streaming. */
  finished(count: number, timeoutMs: number): Promise<void>;
}

export async function startWordServer(env: Record<string, string>): Promise<WordServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench/support/word-server-child.ts')],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const counts = { request: 0, done: 0 };
  let baseURL = '';
  let buffered = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'request' || line === 'done') counts[line]++;
        else if (line.startsWith('http')) {
          baseURL = line;
          resolve();
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`word server exited with ${code}`)));
  });
  await ready;
  const until = async (what: 'request' | 'done', count: number, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (counts[what] < count) {
      if (performance.now() > deadline) throw new Error(`only ${counts[what]} of ${count} ${what}s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    baseURL,
    child,
    requested: (count, timeoutMs) => until('request', count, timeoutMs),
    finished: (count, timeoutMs) => until('done', count, timeoutMs),
  };
}
