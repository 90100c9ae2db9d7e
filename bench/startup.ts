// bench/startup: time from process start to the first frame (the top bar and every visible pane's
// name), and to git in every visible pane (last commit shown, nothing "(cached)" or "reading git"),
// a cold start (no pane cache, empty compile cache) and a warm one after it, peak RSS with 30 repos.
// Two harnesses: a raw pty (util-linux `script`, output read as it arrives) and a real terminal
// (tmux, 160×45, screen captured every 5 ms through one control-mode client, so polling spawns no
// process). CPU to first frame is the app's own user + system time when that frame is on screen:
// steadier than wall time on a shared machine. Workspaces: synthetic repos (1, 30) and real ones
// (copies of ink, vite, conf, chokidar and simple-git from node_modules made into git repos; 30 =
// those 5 + 25 synthetic), no network. Medians of RUNS interleaved runs.
//   BASE_CLI=/path/to/other/dist/cli/bin.js  also runs that build, interleaved, and prints the ratio
//   CODEX_BIN=auto                           also times Codex's TUI (cold and warm, in the first visible
//                                            project, offline on the scripted server), interleaved, and
//                                            prints Shipyard's tmux first frame as a ratio to it (goal ≤ 0.8):
//                                            auto is the native binary alone (the stricter comparison),
//                                            launcher the `codex` command users run (its Node script
//                                            spawning that binary; CPU of both), a path any binary;
//                                            several, comma-separated (auto,launcher), each get a ratio
//   RUNS=5 (default), ONLY=0,2 (some workspaces)
// Run: npm run build && npx tsx bench/startup.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gridLayout } from '../src/ui/layout.js';
import {
  type CodexSubject,
  codexHome,
  codexReady,
  codexSubjects,
  stopCodexLeftovers,
} from './support/codex-tui.js';
import { treeCpuSeconds } from './support/proc.js';
import { PtyApp } from './support/pty-app.js';
import { startServerChild } from './support/server.js';
import { TmuxApp } from './support/tmux-app.js';
import { makeWorkspace, median } from './support/workspace.js';

const runs = Number(process.env.RUNS ?? 5);
const repoRoot = path.resolve(import.meta.dirname, '..');
const WIDTH = 160;
const HEIGHT = 45;
const REAL = ['ink', 'vite', 'conf', 'chokidar', 'simple-git'];

interface Subject {
  name: string;
  cli?: string;
  command?: string;
}
const subjects: Subject[] = [{ name: 'this build', cli: path.join(repoRoot, 'dist/cli/bin.js') }];
if (process.env.BASE_CLI) subjects.push({ name: 'base', cli: process.env.BASE_CLI });

function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', ...args], {
    cwd: dir,
    stdio: 'ignore',
  });
}

/** `count` repos: the five real packages first when `real`, then synthetic ones. */
function workspace(count: number, real: boolean): { root: string; names: string[]; subjects: string[] } {
  const root = makeWorkspace(real ? Math.max(0, count - REAL.length) : count);
  const names = fs.readdirSync(root).filter((name) => name.startsWith('project-'));
  // Subjects short enough for a quarter of 160 columns with their age: the check needs them whole.
  for (const name of names) git(path.join(root, name), 'commit', '-q', '--amend', '-m', `seed ${name}`);
  const subjectsByName = new Map(names.map((name) => [name, `seed ${name}`]));
  if (real) {
    for (const pkg of REAL.slice(0, count)) {
      const dir = path.join(root, pkg);
      fs.cpSync(path.join(repoRoot, 'node_modules', pkg), dir, { recursive: true });
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', `seed ${pkg}`);
      subjectsByName.set(pkg, `seed ${pkg}`);
    }
  }
  const sorted = [...subjectsByName.keys()].sort((a, b) => a.localeCompare(b));
  // The panes a 160×45 terminal shows at once (the grid starts at its first row).
  const layout = gridLayout(WIDTH, HEIGHT - 2, sorted.length);
  const visible = sorted.slice(0, layout.visibleRows * layout.columns);
  return { root, names: visible, subjects: visible.map((name) => subjectsByName.get(name)!) };
}

interface Run {
  firstFrame: number;
  /** CPU the app had used when its first frame was on screen (user + system, 10 ms ticks). */
  cpu?: number;
  git?: number;
  rss?: number;
}

interface Workspace {
  root: string;
  names: string[];
  subjects: string[];
}

const firstFramePredicate = (ws: Workspace) => (text: string) =>
  text.includes('shipyard') && ws.names.every((name) => text.includes(name));

/** One start in tmux; `home` and `compileCache` decide whether it is cold or warm. */
async function tmuxRun(subject: Subject, ws: Workspace, home: string, compileCache: string): Promise<Run> {
  const app = new TmuxApp(WIDTH, HEIGHT, home);
  app.start(ws.root, `NODE_COMPILE_CACHE=${compileCache}`, subject);
  try {
    const firstFrame = await app.until(firstFramePredicate(ws));
    const cpu = app.cpuSeconds() * 1000;
    const git = await app.until(
      (screen) =>
        ws.subjects.every((s) => screen.includes(s)) &&
        !screen.includes('(cached)') &&
        !screen.includes('reading git'),
    );
    // Peak RSS once the watchers started too (they come after the first git reads).
    if (ws.names.length > 1) await new Promise((resolve) => setTimeout(resolve, 1000));
    return { firstFrame, cpu, git, rss: app.peakRssMiB() };
  } finally {
    const pid = app.pid;
    app.stop();
    // The app saves its pane cache as it quits: the warm start after it reads that, and does not
    // share the machine with the cold one's last writes.
    await exited(pid);
  }
}

/** Resolves once `pid` is gone (at most 2 s). */
async function exited(pid: number): Promise<void> {
  for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Codex's TUI in the workspace's first visible project, with `home` as its CODEX_HOME. */
async function codexRun(codex: CodexSubject, ws: Workspace, home: string): Promise<Run> {
  const project = path.join(ws.root, ws.names[0]!);
  const app = new TmuxApp(WIDTH, HEIGHT);
  app.start(project, `CODEX_HOME=${home} OPENAI_API_KEY=bench`, { command: codex.command });
  try {
    const firstFrame = await app.until(codexReady(project));
    return { firstFrame, cpu: (codex.tree ? treeCpuSeconds(app.pid) : app.cpuSeconds()) * 1000 };
  } finally {
    const pid = app.pid;
    app.stop();
    // Codex writes its state as it exits: its CODEX_HOME is removed (or reused) once it is gone.
    await exited(pid);
  }
}

/** One start on a raw pty. Git counts only on a cold start: a warm one shows cached subjects at once. */
async function ptyRun(
  subject: Subject,
  ws: Workspace,
  home: string,
  compileCache: string,
  cold: boolean,
): Promise<Run> {
  const app = new PtyApp(WIDTH, HEIGHT, home);
  app.start(ws.root, { ...subject, env: { NODE_COMPILE_CACHE: compileCache } });
  try {
    const firstFrame = await app.until(firstFramePredicate(ws));
    const cpu = app.cpuSeconds() * 1000;
    if (!cold) return { firstFrame, cpu };
    const git = await app.until((out) => ws.subjects.every((s) => out.includes(s)));
    return { firstFrame, cpu, git };
  } finally {
    await app.stop();
  }
}

const codexes = codexSubjects(process.env.CODEX_BIN);
const codexServer = codexes.length ? await startServerChild() : undefined;

type Key = string;
const results = new Map<Key, Run[]>();
const record = (key: Key, run: Run) => results.set(key, [...(results.get(key) ?? []), run]);
const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

// ONLY=0,2 keeps some of them (by position).
const only = process.env.ONLY?.split(',').map(Number);
const kinds: [string, number, boolean][] = [
  ['1 synthetic repo', 1, false],
  ['30 synthetic repos', 30, false],
  ['1 real repo (ink)', 1, true],
  ['30 repos (5 real + 25)', 30, true],
];
const workspaces: [string, Workspace][] = kinds
  .filter((_, i) => !only || only.includes(i))
  .map(([label, count, real]) => [label, workspace(count, real)]);

console.log(
  `bench/startup: ${runs} interleaved runs per cell, tmux ${WIDTH}×${HEIGHT}; load average before: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let run = 0; run < runs; run++) {
  for (const [label, ws] of workspaces) {
    for (const subject of subjects) {
      for (const harness of ['pty', 'tmux'] as const) {
        const home = temp('shipyard-bench-home-');
        const compileCache = temp('shipyard-bench-cc-');
        try {
          for (const start of ['cold', 'warm'] as const) {
            const result =
              harness === 'tmux'
                ? await tmuxRun(subject, ws, home, compileCache)
                : await ptyRun(subject, ws, home, compileCache, start === 'cold');
            record(`${label}|${subject.name}|${harness}|${start}`, result);
          }
        } finally {
          fs.rmSync(home, { recursive: true, force: true });
          fs.rmSync(compileCache, { recursive: true, force: true });
        }
      }
    }
    for (const codex of codexServer ? codexes : []) {
      const home = codexHome(path.join(ws.root, ws.names[0]!), codexServer!.baseURL);
      try {
        for (const start of ['cold', 'warm'] as const)
          record(`${label}|${codex.name}|tmux|${start}`, await codexRun(codex, ws, home));
      } finally {
        stopCodexLeftovers(home);
        fs.rmSync(home, { recursive: true, force: true, maxRetries: 5 });
      }
    }
  }
}
codexServer?.child.kill();

const ms = (values: (number | undefined)[]) => {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? `${median(present).toFixed(0)} ms` : '—';
};
console.log(
  `load average after: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  '| workspace | subject | harness | start | first frame | CPU to first frame | git in every visible pane | peak RSS |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const [key, list] of results) {
  const [label, subject, harness, start] = key.split('|');
  const rss = list.map((r) => r.rss).filter((v): v is number => v !== undefined);
  console.log(
    `| ${label} | ${subject} | ${harness} | ${start} | ${ms(list.map((r) => r.firstFrame))} | ${ms(list.map((r) => r.cpu))} | ${ms(list.map((r) => r.git))} | ${rss.length ? `${median(rss).toFixed(0)} MiB` : '—'} |`,
  );
}
const ratio = (a: string, b: string, field: 'firstFrame' | 'cpu' | 'git') => {
  const x = results
    .get(a)
    ?.map((r) => r[field])
    .filter((v): v is number => v !== undefined);
  const y = results
    .get(b)
    ?.map((r) => r[field])
    .filter((v): v is number => v !== undefined);
  return x?.length && y?.length ? (median(x) / median(y)).toFixed(2) : undefined;
};
for (const [label] of workspaces) {
  for (const harness of ['pty', 'tmux']) {
    const parts: string[] = [];
    const warmVsCold = ratio(
      `${label}|this build|${harness}|warm`,
      `${label}|this build|${harness}|cold`,
      'firstFrame',
    );
    if (warmVsCold) parts.push(`warm/cold first frame ${warmVsCold}`);
    const warmVsColdCpu = ratio(
      `${label}|this build|${harness}|warm`,
      `${label}|this build|${harness}|cold`,
      'cpu',
    );
    if (warmVsColdCpu) parts.push(`warm/cold CPU to first frame ${warmVsColdCpu}`);
    for (const start of ['cold', 'warm']) {
      const base = ratio(
        `${label}|this build|${harness}|${start}`,
        `${label}|base|${harness}|${start}`,
        'firstFrame',
      );
      if (base) parts.push(`${start} first frame vs base ${base}`);
      const baseGit = ratio(
        `${label}|this build|${harness}|${start}`,
        `${label}|base|${harness}|${start}`,
        'git',
      );
      if (baseGit) parts.push(`${start} git vs base ${baseGit}`);
    }
    for (const codex of harness === 'tmux' ? codexes : []) {
      for (const start of ['cold', 'warm']) {
        const vs = ratio(
          `${label}|this build|tmux|${start}`,
          `${label}|${codex.name}|tmux|${start}`,
          'firstFrame',
        );
        if (vs) parts.push(`${start} first frame vs ${codex.name} ${vs} (goal ≤ 0.8)`);
      }
    }
    if (parts.length) console.log(`${label}, ${harness}: ${parts.join('; ')}`);
  }
}
for (const [, ws] of workspaces) fs.rmSync(ws.root, { recursive: true, force: true });
