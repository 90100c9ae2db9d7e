// A real sshd on a free high loopback port, as the current user, with a throw-away host key, its own
// config (the authorized key in a temp file, StrictModes and PAM off) and a client config for it:
// `SHIPYARD_SSH="ssh -F <config>"` reaches it as host `build1` (or any alias given).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((file) => fs.existsSync(file));

export interface Sshd {
  port: number;
  /** The client's ssh config: `ssh -F config build1` logs in. */
  config: string;
  /** The value for `SHIPYARD_SSH`. */
  sshCommand: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    // High ports only: low ones may be someone's service.
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function listening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}

export async function startSshd(aliases: string[] = ['build1']): Promise<Sshd> {
  if (!SSHD) throw new Error('sshd is missing: apt-get install openssh-server (.ci/run does)');
  // Its own folder, not makeTempDir's: tests remove those after each case, and this outlives them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-sshd-'));
  const key = (name: string) => {
    const file = path.join(dir, name);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', file]);
    return file;
  };
  const hostKey = key('host_key');
  const clientKey = key('client_key');
  const authorized = path.join(dir, 'authorized_keys');
  fs.copyFileSync(`${clientKey}.pub`, authorized);
  // Debian's sshd wants its privilege separation folder even when it runs as one user.
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const user = os.userInfo().username;
  // The session's HOME is a fresh folder, so the remote shell runs no profile of this machine (a
  // pyenv rehash lock left by a killed login shell would stall every later connection for ~60 s).
  const home = path.join(dir, 'home');
  fs.mkdirSync(home);
  for (let attempt = 0; ; attempt++) {
    const port = 20_000 + ((await freePort()) % 40_000);
    const sshdConfig = path.join(dir, 'sshd_config');
    fs.writeFileSync(
      sshdConfig,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorized}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'StrictModes no',
        'UsePAM no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        `AllowUsers ${user}`,
        `SetEnv HOME=${home}`,
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    let log = '';
    const child = spawn(SSHD, ['-D', '-e', '-f', sshdConfig], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      await listening(port, child, () => log);
    } catch (error) {
      child.kill('SIGKILL');
      if (attempt < 3) continue; // the port was taken between the probe and sshd
      throw error;
    }
    const knownHosts = path.join(dir, 'known_hosts');
    const hostPub = fs.readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPub}\n`);
    const config = path.join(dir, 'ssh_config');
    fs.writeFileSync(
      config,
      aliases
        .map((alias) =>
          [
            `Host ${alias}`,
            '  HostName 127.0.0.1',
            `  Port ${port}`,
            `  User ${user}`,
            `  IdentityFile ${clientKey}`,
            '  IdentitiesOnly yes',
            `  UserKnownHostsFile ${knownHosts}`,
            '  StrictHostKeyChecking yes',
            '  LogLevel ERROR',
            '',
          ].join('\n'),
        )
        .join('\n'),
    );
    fs.chmodSync(clientKey, 0o600);
    return {
      port,
      config,
      sshCommand: `ssh -F ${config}`,
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** The remote command that runs this checkout's built CLI with the repo's Node, with `env` set. */
export function remoteShipyard(nodeBin: string, cliEntry: string, env: Record<string, string>): string {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`);
  return ['env', ...assignments, quote(nodeBin), quote(cliEntry)].join(' ');
}
