// `shipyard queue --host build1 api "…"` (any command with --host): the same command, run by the
// Shipyard on that host over the user's ssh, with its output and exit status; a host without
// Shipyard or an ssh that fails is one line naming the host and the fix.
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { UserError } from '../errors.js';

/** The --host values and the arguments without them. */
function splitHosts(args: string[]): { hosts: string[]; rest: string[] } {
  const hosts: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === '--host' && i + 1 < args.length) hosts.push(args[++i]!);
    else if (arg.startsWith('--host=')) hosts.push(arg.slice('--host='.length));
    else rest.push(arg);
  }
  return { hosts, rest };
}

/** The command the arguments name (skipping the global options), if any. */
function verbOf(program: Command, args: string[]): string | undefined {
  const names = new Set(program.commands.flatMap((command) => [command.name(), ...command.aliases()]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--root') i++;
    else if (!arg.startsWith('-')) return names.has(arg) ? arg : undefined;
  }
  return undefined;
}

/** Runs the command on its --host when it has one; false when the arguments are for this machine. */
export async function runOnHost(program: Command, argv: string[]): Promise<boolean> {
  const { hosts, rest } = splitHosts(argv.slice(2));
  const verb = verbOf(program, rest);
  if (hosts.length === 0 || verb === undefined || verb === 'serve') return false;
  if (hosts.length > 1)
    throw new UserError(`a command runs on one host; name one --host (not ${hosts.join(', ')})`);
  const { SettingsStore } = await import('../store/settings.js');
  const { explainExit, parseHost, sshInvocation } = await import('../remote/ssh.js');
  const spec = parseHost(hosts[0]!, new SettingsStore().read().hosts);
  const run = sshInvocation(
    spec,
    rest.filter((arg) => arg !== '--debug'),
  );
  const child = spawn(run.file, run.args, { stdio: ['inherit', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const failedToStart = code === 127 || code === 255 || /unknown command 'serve'/.test(stderr);
  if (failedToStart) throw new UserError(explainExit(spec, code, stderr));
  process.stderr.write(stderr);
  process.exitCode = code ?? 1;
  return true;
}
