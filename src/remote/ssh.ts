// The SSH transport: the user's own `ssh` (or `$SHIPYARD_SSH`, run through `sh -c` as git runs
// GIT_SSH_COMMAND) running `shipyard serve --stdio` on the host. Shipyard never sees a password or a
// key: BatchMode keeps ssh from prompting on the grid's terminal.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { UserError } from '../errors.js';

/** One host as the grid and the CLI open it. */
export interface HostSpec {
  /** How the grid names it: the pane names start with it (`build1:api`). */
  name: string;
  /** What ssh connects to (an alias of ~/.ssh/config, `user@host`, …). */
  destination: string;
  /** The workspace folder there; the remote shipyard's default when unset. */
  root?: string;
  /** The shell command that runs Shipyard there. */
  command: string;
}

export interface HostSettings {
  destination?: string;
  root?: string;
  command?: string;
  open?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/;

/** `build1`, `build1:/srv/work` or `user@build1:~/work`, with what the settings say about that host. */
export function parseHost(arg: string, hosts: Record<string, HostSettings> = {}): HostSpec {
  const at = arg.indexOf(':');
  const name = at < 0 ? arg : arg.slice(0, at);
  const root = at < 0 ? undefined : arg.slice(at + 1) || undefined;
  if (!NAME.test(name)) throw new UserError(`not a host: ${JSON.stringify(arg)} (expected HOST or HOST:DIR)`);
  const known = hosts[name] ?? {};
  return {
    name,
    destination: known.destination ?? name,
    root: root ?? known.root,
    command: known.command ?? 'shipyard',
  };
}

/** The hosts the settings open in every grid, after those named with --host. */
export function gridHosts(args: string[], hosts: Record<string, HostSettings> = {}): HostSpec[] {
  const named = args.map((arg) => parseHost(arg, hosts));
  const seen = new Set(named.map((spec) => spec.name));
  const fromSettings = Object.entries(hosts)
    .filter(([name, host]) => host.open !== false && !seen.has(name))
    .map(([name]) => parseHost(name, hosts));
  return [...named, ...fromSettings];
}

/** Quotes one word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** What ssh runs on the host: `<command> <args…>`, the workspace folder first. */
export function remoteCommand(spec: HostSpec, args: string[]): string {
  const root = spec.root ? ['--root', spec.root] : [];
  // `~/x` is the remote user's home: left for the remote shell to expand.
  const words = [...root, ...args].map((word) =>
    word.startsWith('~/') ? `~/${shellQuote(word.slice(2))}` : shellQuote(word),
  );
  return [spec.command, ...words].join(' ');
}

/** How to run ssh for `args` there: `sh -c 'exec $SHIPYARD_SSH "$@"'` with ssh's own arguments. */
export function sshInvocation(
  spec: HostSpec,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { file: string; args: string[] } {
  const ssh = env.SHIPYARD_SSH?.trim() || 'ssh';
  const sshArgs = [
    '-T',
    '-o',
    'BatchMode=yes',
    // A dead connection is noticed in ~15 s even when nothing is being said.
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    spec.destination,
    remoteCommand(spec, args),
  ];
  return { file: 'sh', args: ['-c', `exec ${ssh} "$@"`, 'shipyard-ssh', ...sshArgs] };
}

export function spawnSsh(
  spec: HostSpec,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcessWithoutNullStreams {
  const run = sshInvocation(spec, args, env);
  return spawn(run.file, run.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** One line naming the host and the fix, for an ssh that ended before the protocol started. */
export function explainExit(spec: HostSpec, code: number | null, stderr: string): string {
  const last =
    stderr
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? '';
  const said = last ? `: ${last.slice(0, 200)}` : '';
  if (code === 127 || /command not found|No such file or directory/.test(last))
    return `${spec.name}: Shipyard is not installed there (${spec.command} not found); install it on ${spec.name} or set hosts.${spec.name}.command`;
  if (code === 255)
    return `${spec.name}: ssh ${spec.destination} failed${said} (check that \`ssh ${spec.destination}\` logs in without a prompt)`;
  if (/unknown command 'serve'|unknown option '--stdio'/.test(stderr))
    return `${spec.name}: the Shipyard there is too old to serve a grid; update it on ${spec.name}`;
  return `${spec.name}: shipyard serve ended (exit ${code ?? 'by a signal'})${said}`;
}
