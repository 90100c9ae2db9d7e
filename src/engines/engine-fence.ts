// Shipyard's fence around a whole engine process (Codex, Claude Code): the same bubblewrap as the
// agent's own commands — the file system read-only but the project (its `.git` too: Shipyard
// commits), a private /tmp, secrets masked, every process gone when the engine ends or is
// cancelled — plus the engine's own state folders writable and, always, the network: the engine
// talks to its model from inside.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../processes.js';
import { bwrapArgs } from '../sandbox/bwrap-args.js';
import { findMasks } from '../sandbox/masks.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { sandboxSupport } from '../sandbox/support.js';
import type { EngineFence } from './engine.js';

export interface EngineFenceInput {
  projectRoot: string;
  policy: SandboxPolicy;
  siblings: string[];
  deny: (rel: string, isDirectory?: boolean) => boolean;
  /** Folders (or files) the engine must write: its home (sessions, login), the turn's scratch folder. */
  writable: string[];
  env: NodeJS.ProcessEnv;
}

export type FencePlan = { fence?: EngineFence; line?: string } | { refused: string };

export function engineFence(input: EngineFenceInput): FencePlan {
  if (input.policy.mode === 'off')
    return { line: 'unsandboxed: the engine runs without a fence (sandbox: off)' };
  const support = sandboxSupport(input.env);
  if (!support.ok) {
    if (input.policy.required)
      return { refused: `unsandboxed: ${support.reason}; the engine is refused (sandbox required)` };
    return { line: `unsandboxed: ${support.reason}; the engine runs with its own sandbox only` };
  }
  const masks = findMasks({
    projectRoot: input.projectRoot,
    home: input.env.HOME,
    shipyardHome: input.env.SHIPYARD_HOME,
    siblings: input.siblings,
    deny: input.deny,
  });
  const gitDir = path.join(input.projectRoot, '.git');
  const args = bwrapArgs({
    projectRoot: input.projectRoot,
    policy: { ...input.policy, network: true },
    masks,
    ...(isDirectory(gitDir) ? { gitDir } : {}),
  });
  // After the masks and the fresh /tmp, before the namespace flags: binds on top of both.
  const extra = input.writable.filter((p) => fs.existsSync(p)).flatMap((dir) => ['--bind', dir, dir]);
  // Right after the fresh /tmp, before the project's bind: a project inside stays writable.
  const tmp = args.findIndex((arg, i) => arg === '--tmpfs' && args[i + 1] === '/tmp');
  args.splice(tmp + 2, 0, ...shipyardUnderTmp().flatMap((dir) => ['--ro-bind', dir, dir]));
  const at = args.indexOf('--unshare-pid');
  args.splice(at, 0, ...extra);
  args.pop(); // the trailing `--`: the launcher puts it before the engine's binary
  return { fence: { argv: [support.bwrap, ...args, '--'] } };
}

/**
 * Shipyard's own install (the engine binaries in its node_modules, the Node that runs the approval
 * hook and `shipyard mcp`) when it lives under /tmp, which the fence replaces with a fresh one: a
 * checkout in /tmp (CI's clean clone) must still find them, read-only.
 */
function shipyardUnderTmp(): string[] {
  // `../..` from src/engines/ and from the bundle's chunks in dist/cli/ alike: the package root.
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const node = path.dirname(fs.realpathSync(process.execPath));
  return [...new Set([root, node].map((dir) => path.resolve(dir)))].filter(
    (dir) => isInside(dir, '/tmp') && fs.existsSync(dir),
  );
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
