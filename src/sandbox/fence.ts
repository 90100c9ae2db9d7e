// One intent's fence for the agent's commands: how to start each command (inside bubblewrap, plain,
// or not at all), with a scrubbed environment either way. Masks are found once per intent.
import fs from 'node:fs';
import path from 'node:path';
import { bwrapArgs, sandboxEnv } from './bwrap-args.js';
import { scrubEnv } from './env.js';
import { findMasks, type MaskInput, type Masks } from './masks.js';
import {
  type Layer,
  type MergeResult,
  makeLayer,
  mergeLayer,
  overlaySupported,
  overlayWrapper,
  removeLayer,
} from './overlay.js';
import type { SandboxPolicy } from './policy.js';
import { type SandboxSupport, sandboxSupport } from './support.js';

export interface FenceOptions {
  projectRoot: string;
  policy: SandboxPolicy;
  siblings: string[];
  deny: MaskInput['deny'];
  /** The app's environment: PATH finds bwrap, HOME and SHIPYARD_HOME say what to mask. */
  env?: NodeJS.ProcessEnv;
  /** Where commands' overlay layers go; without it (or where overlays cannot mount) writes go straight in. */
  layerBase?: string;
}

export type Launch =
  | {
      kind: 'fenced';
      file: string;
      args: string[];
      env: NodeJS.ProcessEnv;
      policy: SandboxPolicy;
      /** Set when the command writes into an overlay: merge it back with `merge()` after the command. */
      layer?: Layer;
    }
  | { kind: 'plain'; env: NodeJS.ProcessEnv }
  | { kind: 'refused'; message: string };

export class CommandFence {
  readonly policy: SandboxPolicy;
  readonly support: SandboxSupport;
  private masks: Masks | undefined;

  constructor(private readonly options: FenceOptions) {
    this.policy = options.policy;
    this.support = options.policy.mode === 'off' ? { ok: false, reason: 'off' } : sandboxSupport(options.env);
  }

  /** True when commands run inside the sandbox (not off, and bwrap works here). */
  get active(): boolean {
    return this.policy.mode !== 'off' && this.support.ok;
  }

  /** How to start one command; `escalated` is a run the user approved outside the sandbox. */
  launch(escalated = false): Launch {
    const env = scrubEnv(this.options.env ?? process.env, this.policy.envAllow);
    if (escalated || this.policy.mode === 'off') return { kind: 'plain', env };
    if (!this.support.ok) {
      if (!this.policy.required) return { kind: 'plain', env };
      return {
        kind: 'refused',
        message: `refused: this project requires a sandbox for commands (sandbox.required) and none can run here: ${this.support.reason}. Use the file tools instead, or tell the user.`,
      };
    }
    this.masks ??= findMasks({
      projectRoot: this.options.projectRoot,
      home: this.options.env?.HOME ?? process.env.HOME,
      shipyardHome: this.options.env?.SHIPYARD_HOME ?? process.env.SHIPYARD_HOME,
      siblings: this.options.siblings,
      deny: this.options.deny,
    });
    const gitDir = path.join(this.options.projectRoot, '.git');
    const layered = this.layered();
    const args = bwrapArgs({
      projectRoot: this.options.projectRoot,
      policy: this.policy,
      masks: this.masks,
      ...(isDirectory(gitDir) ? { gitDir } : {}),
      // Under the overlay's user namespace the command would be root: give it the user's ids back.
      ...(layered ? { ids: { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 } } : {}),
    });
    const fenced = { kind: 'fenced' as const, env: sandboxEnv(env), policy: this.policy };
    if (!layered) return { ...fenced, file: this.support.bwrap, args };
    const layer = makeLayer(this.options.layerBase!);
    const wrapper = overlayWrapper(layer, this.options.projectRoot);
    return { ...fenced, file: wrapper.file, args: [...wrapper.args, this.support.bwrap, ...args], layer };
  }

  /** Applies what a layered command wrote to the project and drops the layer. */
  merge(layer: Layer): MergeResult {
    try {
      return mergeLayer(layer, this.options.projectRoot);
    } finally {
      removeLayer(layer);
    }
  }

  private layered(): boolean {
    if (this.policy.mode !== 'workspace-write' || !this.options.layerBase || !this.support.ok) return false;
    // overlayfs options separate layers with `:` and options with `,`.
    if (/[,:\\]/.test(this.options.projectRoot + this.options.layerBase)) return false;
    return overlaySupported(this.options.layerBase, this.support.bwrap);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
