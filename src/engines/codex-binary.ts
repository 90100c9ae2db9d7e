// Where the `codex` binary the SDK would run lives (its npm dependency's platform package), and the
// launcher the SDK runs in its place: the real binary inside Shipyard's fence.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { shellQuote } from './approval-bridge.js';
import { EngineMissing } from './missing.js';

const TRIPLES: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
};

/** The `codex` binary the SDK would run (its npm dependency), and the folder of its helper tools. */
export function findCodexBinary(): { bin: string; pathDir: string } {
  const require = createRequire(import.meta.url);
  const key = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[key];
  if (!triple) throw new EngineMissing('codex', `no Codex build for ${key}`);
  let codexDir: string;
  try {
    codexDir = path.dirname(require.resolve('@openai/codex/package.json'));
  } catch {
    throw new EngineMissing('codex', '@openai/codex-sdk is not installed (npm install @openai/codex-sdk)');
  }
  const platformRequire = createRequire(path.join(codexDir, 'package.json'));
  let vendor: string;
  try {
    vendor = path.join(
      path.dirname(platformRequire.resolve(`@openai/codex-${key}/package.json`)),
      'vendor',
      triple,
    );
  } catch {
    vendor = path.join(codexDir, 'vendor', triple);
  }
  const bin = path.join(vendor, 'bin', 'codex');
  if (!fs.existsSync(bin))
    throw new EngineMissing('codex', `the codex binary for ${key} is missing (reinstall @openai/codex-sdk)`);
  return { bin, pathDir: path.join(vendor, 'codex-path') };
}

/** A launcher the SDK runs as `codex`: the real binary, inside the fence, trusting our one hook. */
export function writeLauncher(
  scratch: string,
  bin: string,
  fence: string[],
  bypassHookTrust: boolean,
): string {
  const file = path.join(scratch, 'codex-launch.sh');
  const flag = bypassHookTrust ? ' --dangerously-bypass-hook-trust' : '';
  const argv = [...fence, bin].map(shellQuote).join(' ');
  fs.writeFileSync(file, `#!/bin/sh\nsub=$1\nshift\nexec ${argv} "$sub"${flag} "$@"\n`, { mode: 0o700 });
  return file;
}
