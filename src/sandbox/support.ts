// Can a sandbox run here? Linux with bubblewrap that can make its namespaces; probed once per PATH.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { SandboxPolicy } from './policy.js';

export type SandboxSupport = { ok: true; bwrap: string } | { ok: false; reason: string };

const probed = new Map<string, SandboxSupport>();

export function sandboxSupport(env: NodeJS.ProcessEnv = process.env): SandboxSupport {
  if (process.platform !== 'linux') {
    return { ok: false, reason: `no sandbox on ${process.platform} yet (see docs/sandbox.md)` };
  }
  const key = env.PATH ?? '';
  let support = probed.get(key);
  if (!support) {
    support = probe(key);
    probed.set(key, support);
  }
  return support;
}

function probe(searchPath: string): SandboxSupport {
  const bwrap = findExecutable('bwrap', searchPath);
  if (!bwrap) return { ok: false, reason: 'bwrap not found (install bubblewrap)' };
  // The same namespaces every command uses: a kernel without user namespaces fails here, not mid-intent.
  const run = spawnSync(
    bwrap,
    ['--ro-bind', '/', '/', '--unshare-pid', '--unshare-net', '--die-with-parent', '--', 'true'],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000, encoding: 'utf8' },
  );
  if (run.status === 0) return { ok: true, bwrap };
  const why = (run.stderr ?? '').trim().split('\n')[0] || run.error?.message || `exit ${run.status}`;
  return { ok: false, reason: `bwrap cannot run here: ${why.replace(/^bwrap: /, '')}` };
}

function findExecutable(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** One line when commands run without a fence (nothing when they are fenced). */
export function unsandboxedLine(policy: SandboxPolicy, support: SandboxSupport): string | undefined {
  if (policy.mode === 'off') return 'unsandboxed: agent commands run without a fence (sandbox: off)';
  if (support.ok) return undefined;
  if (policy.required) return `unsandboxed: ${support.reason}; agent commands are refused (sandbox required)`;
  return `unsandboxed: ${support.reason}; agent commands run without a fence`;
}

/** One line describing the fence, for `shipyard config show`. */
export function sandboxLine(policy: SandboxPolicy, support: SandboxSupport): string {
  return (
    unsandboxedLine(policy, support) ??
    `sandboxed (bubblewrap): ${policy.mode === 'read-only' ? 'no writes' : 'writes only in the project'}, network ${policy.network ? 'on' : 'off'}`
  );
}
