// The bubblewrap command line for one agent command: the whole file system read-only, the project
// writable (its `.git` not: Shipyard commits, the agent does not), a private /tmp, secrets masked,
// no network unless allowed, and every process gone when the command or Shipyard ends.
import path from 'node:path';
import { isInside } from '../processes.js';
import type { Masks } from './masks.js';
import type { SandboxPolicy } from './policy.js';

export interface BwrapInput {
  projectRoot: string;
  policy: SandboxPolicy;
  masks: Masks;
  /** `.git` of the project when it is a folder (a worktree's `.git` file points into the read-only rest). */
  gitDir?: string;
  /** Run the command as these ids in a user namespace of its own (inside the overlay's namespace). */
  ids?: { uid: number; gid: number };
}

export function bwrapArgs(input: BwrapInput): string[] {
  const { projectRoot, policy, masks } = input;
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  // Before the project: a project under /tmp is bound again on top of the fresh one.
  args.push('--tmpfs', '/tmp');
  args.push(policy.mode === 'read-only' ? '--ro-bind' : '--bind', projectRoot, projectRoot);
  if (input.gitDir) args.push('--ro-bind', input.gitDir, input.gitDir);
  // Paths under /tmp outside the project are hidden by the fresh /tmp already.
  const needed = (p: string) => !isInside(p, '/tmp') || isInside(p, projectRoot);
  for (const dir of masks.dirs.filter(needed)) args.push('--tmpfs', dir);
  // A read-only bind of /dev/null on a nodev mount: reading fails with "Permission denied".
  for (const file of masks.files.filter(needed)) args.push('--ro-bind', '/dev/null', file);
  // A new pid namespace: when the command's shell exits, everything it started dies with it.
  args.push('--unshare-pid', '--unshare-ipc', '--die-with-parent', '--new-session');
  if (input.ids) args.push('--unshare-user', '--uid', String(input.ids.uid), '--gid', String(input.ids.gid));
  if (!policy.network) args.push('--unshare-net');
  args.push('--chdir', projectRoot, '--');
  return args;
}

/** The environment a fenced command gets on top of the scrubbed one: caches into the private /tmp. */
export function sandboxEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    TMPDIR: '/tmp',
    XDG_CACHE_HOME: path.join('/tmp', '.cache'),
    npm_config_cache: path.join('/tmp', '.npm'),
    GIT_OPTIONAL_LOCKS: '0',
  };
}
