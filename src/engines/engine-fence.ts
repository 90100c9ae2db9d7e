// Shipyard's fence around a whole engine process (Codex, Claude Code): the same bubblewrap as the
// agent's own commands — the file system read-only but the project (its `.git` too: Shipyard
// commits), a private /tmp, secrets masked, every process gone when the engine ends or is
// cancelled — plus the engine's own state folders writable and, always, the network: the engine
// talks to its model from inside.
import fs from 'node:fs';
import path from 'node:path';
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
  const at = args.indexOf('--unshare-pid');
  args.splice(at, 0, ...extra);
  args.pop(); // the trailing `--`: the launcher puts it before the engine's binary
  return { fence: { argv: [support.bwrap, ...args, '--'] } };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
