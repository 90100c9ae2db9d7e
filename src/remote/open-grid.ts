// The grid with remote hosts: each host a RemoteHost over an ssh running `serve --stdio` there.
import type { AppActions, AppState } from '../core/app-state.js';
import { Grid } from './grid.js';
import { type Connection, RemoteHost } from './remote-host.js';
import { explainExit, type HostSpec, spawnSsh } from './ssh.js';

/** An ssh to the host running `serve --stdio`; its end explained in one line. */
export function sshConnection(spec: HostSpec, env: NodeJS.ProcessEnv = process.env): Connection {
  const child = spawnSsh(spec, ['serve', '--stdio'], env);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  // Writing to an ssh that just died is how a drop is noticed; the close below explains it.
  child.stdin.on('error', () => {});
  const ended = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`${spec.name}: cannot run ssh: ${error.message}`));
    child.on('close', (code) => resolve(explainExit(spec, code, stderr)));
  });
  return {
    input: child.stdout,
    output: child.stdin,
    ended,
    pid: child.pid,
    close: () => {
      child.stdin.end();
      if (child.exitCode === null) child.kill();
    },
  };
}

export interface OpenGridOptions {
  local: { store: { get(): AppState; subscribe(listener: () => void): () => void } };
  actions: AppActions;
  hosts: HostSpec[];
  env?: NodeJS.ProcessEnv;
  backoff?: number[];
}

export function openGrid(options: OpenGridOptions): Grid {
  const grid = new Grid(options.local, options.actions);
  for (const spec of options.hosts) {
    const host = new RemoteHost({
      name: spec.name,
      connect: () => sshConnection(spec, options.env),
      backoff: options.backoff,
    });
    grid.add(host);
    host.start();
  }
  return grid;
}
