// Codex CLI's TUI as a start-up subject: its own CODEX_HOME (the project trusted, a custom provider on
// the scripted server, no WebSocket, no update check), so it reaches its composer offline, as a user
// with a configured Codex would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A Codex TUI to time: the command line that starts it and how its row is labelled. */
export interface CodexSubject {
  name: string;
  command: string;
  /** Whether its CPU counts the process tree (a launcher's child does the work) or the process alone. */
  tree: boolean;
}

/**
 * `CODEX_BIN`, a comma-separated list: `auto` is the native binary of the installed `@openai/codex`
 * (no Node launcher in front: the stricter comparison); `launcher` is the `codex` command as users run
 * it, the package's Node script that spawns that binary; anything else is a path to a binary.
 */
export function codexSubjects(value: string | undefined): CodexSubject[] {
  if (!value) return [];
  return value.split(',').map((entry) => {
    if (entry === 'auto') return { name: 'codex binary', command: nativeBinary(), tree: false };
    if (entry === 'launcher') return { name: 'codex launcher', command: launcher(), tree: true };
    return { name: 'codex', command: entry, tree: false };
  });
}

function nativeBinary(): string {
  const vendor = path.join(repoRoot, 'node_modules/@openai');
  for (const pkg of fs.readdirSync(vendor).filter((name) => name.startsWith('codex-'))) {
    const targets = path.join(vendor, pkg, 'vendor');
    if (!fs.existsSync(targets)) continue;
    for (const target of fs.readdirSync(targets)) {
      const bin = path.join(targets, target, 'bin/codex');
      if (fs.existsSync(bin)) return bin;
    }
  }
  throw new Error('CODEX_BIN=auto: no codex binary under node_modules/@openai/codex-*/vendor');
}

/** `node_modules/.bin/codex`: its `#!/usr/bin/env node` finds the checkout's Node first on the bench's PATH. */
function launcher(): string {
  const bin = path.join(repoRoot, 'node_modules/.bin/codex');
  if (!fs.existsSync(bin))
    throw new Error('CODEX_BIN=launcher: no node_modules/.bin/codex (npm install @openai/codex)');
  return bin;
}

/**
 * A fresh CODEX_HOME trusting `project`, with the model on `baseURL`. Outside /tmp: Codex refuses to
 * make its helper links under a temporary folder and prints a warning over its first frame.
 */
export function codexHome(project: string, baseURL: string): string {
  const parent = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const home = fs.mkdtempSync(path.join(parent, 'shipyard-bench-codex-'));
  fs.writeFileSync(
    path.join(home, 'config.toml'),
    [
      'model = "scripted-model"',
      'model_provider = "bench"',
      'check_for_update_on_startup = false',
      '[model_providers.bench]',
      'name = "bench"',
      `base_url = "${baseURL}"`,
      'wire_api = "responses"',
      'env_key = "OPENAI_API_KEY"',
      'supports_websockets = false',
      `[projects."${project}"]`,
      'trust_level = "trusted"',
      '',
    ].join('\n'),
  );
  return home;
}

/**
 * Stops what Codex left running from `home`: a turn starts its app-server daemon (from
 * `$CODEX_HOME/packages`), which outlives the TUI, ~270 MB and ~1 % of a core each, and would load
 * every later run of the bench.
 */
export function stopCodexLeftovers(home: string): void {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(home))
        process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}

/**
 * Codex's first meaningful frame, defined as Shipyard's is (the top bar and the workspace it opened):
 * its header, the project folder in it (it says "loading" before), and the composer one can type in.
 */
export const codexReady = (project: string) => (screen: string) =>
  screen.includes('OpenAI Codex') && screen.includes(project) && screen.includes('› ');
