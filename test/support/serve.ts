// Runs the built `shipyard serve --stdio` as a subprocess and talks to it with the real client; every
// line the server wrote is kept in order, so tests can check what came before what.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { RemoteClient } from '../../src/remote/client.js';
import { cliEntry, nodeBin, repoRoot } from './cli.js';

export interface Served {
  child: ChildProcessWithoutNullStreams;
  client: RemoteClient;
  /** Every message the server wrote, parsed, in order. */
  log: Record<string, unknown>[];
  stderr: () => string;
  /** Ends stdin and waits for the process to exit. */
  close(): Promise<number | null>;
}

export function startServe(root: string, env: NodeJS.ProcessEnv): Served {
  const child = spawn(nodeBin, [cliEntry, 'serve', '--stdio', '--root', root], {
    cwd: repoRoot,
    env: { ...process.env, INIT_CWD: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const log: Record<string, unknown>[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.trim()) log.push(JSON.parse(line));
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const client = new RemoteClient({ input: child.stdout, output: child.stdin });
  return {
    child,
    client,
    log,
    stderr: () => stderr,
    close: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
