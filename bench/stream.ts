// bench/stream: the built app in a real terminal (tmux 160×45) while a scripted model streams a
// 600-word answer, one word every 20 ms, into 1 pane and into 8 panes at once. Frames are counted as
// synchronized-update starts (`ESC[?2026h`) in the terminal's output (tmux pipe-pane); CPU is the
// whole process tree's over 8 s of streaming; median of 3 runs. Then RSS after a 1,500-word answer in
// each of 8 panes. CODEX_BIN=auto (the native binary), launcher (the `codex` command users run), both
// comma-separated, or a path, times Codex's TUI on the same server in the same run (1 stream);
// BASE_CLI=…/bin.js interleaves another build of Shipyard.
// Goals (issue 18): 8 streams ≤ 10 ms CPU per frame (and ≤ 2× Codex's with one), ≥ 25 fps, < 60 % of a
// core; RSS ≤ 200 MB after 1,500 words in each of 8 panes.
// Run: npm run build && npx tsx bench/stream.ts
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CodexSubject, codexSubjects, stopCodexLeftovers } from './support/codex-tui.js';
import { loadLine, machineLine, rssMiB, treeCpuSeconds } from './support/proc.js';
import { TmuxApp } from './support/tmux-app.js';
import { startWordServer } from './support/word-server.js';
import { makeWorkspace, median } from './support/workspace.js';

const RUNS = Number(process.env.RUNS ?? 3);
const WINDOW_S = Number(process.env.WINDOW_S ?? 8);
// STREAMS=8 times only the 8-stream case, RSS=0 skips the RSS run: quicker comparisons of two builds.
const STREAM_COUNTS = (process.env.STREAMS ?? '1,8').split(',').map(Number);
const MEASURE_RSS = process.env.RSS !== '0';
const WORDS = 600;
const DELAY_MS = 20;
const repoRoot = path.resolve(import.meta.dirname, '..');
const nodeBin = path.join(repoRoot, 'node_modules/.bin/node');
const SYNC_START = Buffer.from('\u001b[?2026h');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Subject {
  label: string;
  /** Shipyard's built bin, or undefined for Codex. */
  cli?: string;
  codex?: CodexSubject;
}

interface Sample {
  cpuPercent: number;
  fps: number;
  msPerFrame: number;
}

function countFrames(file: string, from: number, to: number): number {
  const fd = fs.openSync(file, 'r');
  const bytes = Buffer.alloc(Math.max(0, to - from));
  fs.readSync(fd, bytes, 0, bytes.length, from);
  fs.closeSync(fd);
  let count = 0;
  for (let at = bytes.indexOf(SYNC_START); at !== -1; at = bytes.indexOf(SYNC_START, at + 1)) count++;
  return count;
}

/** Starts the subject on a fresh workspace of `streams` repos, starts `streams` answers, measures. */
async function sample(subject: Subject, streams: number, words: number, delayMs: number) {
  const root = makeWorkspace(streams, 5);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-bench-stream-'));
  const server = await startWordServer({ WORDS: String(words), DELAY_MS: String(delayMs) });
  const app = new TmuxApp(160, 45, home);
  const output = path.join(home, 'terminal-output');
  const names = fs.readdirSync(root).filter((name) => name.startsWith('project-'));
  try {
    const modelEnv = `OPENAI_BASE_URL=${server.baseURL} OPENAI_API_KEY=k SHIPYARD_MODEL=m SHIPYARD_API=responses`;
    if (subject.cli) {
      fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ parallel: 8 }));
      app.start(root, modelEnv, { cli: subject.cli });
      app.pipeOutput(output);
      await app.until((screen) => names.every((name) => screen.includes(name)) && screen.includes('main'));
      execFileSync(
        nodeBin,
        [subject.cli, '--root', root, 'queue', '--projects', names.join(','), 'explain the retry helper'],
        {
          cwd: root,
          env: { ...process.env, SHIPYARD_HOME: home },
        },
      );
    } else {
      const codexHome = path.join(home, 'codex');
      fs.mkdirSync(codexHome);
      fs.writeFileSync(
        path.join(codexHome, 'config.toml'),
        `model = "m"\nmodel_provider = "bench"\n[model_providers.bench]\nname = "bench"\n` +
          `base_url = "${server.baseURL}"\nwire_api = "responses"\nenv_key = "OPENAI_API_KEY"\n` +
          `[projects."${path.join(root, names[0]!)}"]\ntrust_level = "trusted"\n`,
      );
      const cwd = path.join(root, names[0]!);
      app.start(cwd, `CODEX_HOME=${codexHome} OPENAI_API_KEY=k`, {
        command: `${subject.codex!.command} 'explain the retry helper'`,
      });
      app.pipeOutput(output);
    }
    await server.requested(streams, 20_000);
    await sleep(500);
    const pid = app.pid;
    const cpuBefore = treeCpuSeconds(pid);
    const sizeBefore = fs.statSync(output).size;
    const started = performance.now();
    await sleep(WINDOW_S * 1000);
    const cpu = treeCpuSeconds(pid) - cpuBefore;
    const seconds = (performance.now() - started) / 1000;
    if (process.env.SHOW_SCREEN) console.log(app.screen());
    const frames = countFrames(output, sizeBefore, fs.statSync(output).size);
    let rss: { rss: number; peak: number } | undefined;
    if (words > WORDS) {
      await server.finished(streams, 120_000);
      await sleep(1000);
      rss = rssMiB(pid);
    }
    return {
      cpuPercent: (cpu / seconds) * 100,
      fps: frames / seconds,
      msPerFrame: frames > 0 ? (cpu * 1000) / frames : Number.NaN,
      rss,
    };
  } finally {
    app.stop();
    stopCodexLeftovers(home);
    server.child.kill('SIGTERM');
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const subjects: Subject[] = [
  { label: 'shipyard', cli: process.env.SHIPYARD_CLI ?? path.join(repoRoot, 'dist/cli/bin.js') },
];
if (process.env.BASE_CLI) subjects.push({ label: 'base', cli: process.env.BASE_CLI });
// `auto` (the native binary), `launcher` (the `codex` command users run) or a path, as in bench/startup.
for (const codex of codexSubjects(process.env.CODEX_BIN)) subjects.push({ label: codex.name, codex });

console.log(
  machineLine(
    `tmux 160×45, ${WORDS} words at one per ${DELAY_MS} ms, CPU of the process tree over ${WINDOW_S} s, median of ${RUNS}`,
  ),
);
const results = new Map<string, Sample[]>();
for (let run = 0; run < RUNS; run++) {
  for (const streams of STREAM_COUNTS) {
    for (const subject of subjects) {
      if (!subject.cli && streams > 1) continue; // Codex runs one agent per terminal
      const key = `${subject.label}, ${streams} stream${streams > 1 ? 's' : ''}`;
      const s = await sample(subject, streams, WORDS, DELAY_MS);
      results.set(key, [...(results.get(key) ?? []), s]);
    }
  }
}
for (const [key, samples] of results) {
  const m = (pick: (s: Sample) => number) => median(samples.map(pick));
  console.log(
    `${key}: CPU ${m((s) => s.cpuPercent).toFixed(1)} % of a core, ${m((s) => s.fps).toFixed(1)} frames/s, ` +
      `${m((s) => s.msPerFrame).toFixed(1)} ms CPU per frame ` +
      `(runs: ${samples.map((s) => `${s.cpuPercent.toFixed(0)} %/${s.fps.toFixed(1)} fps/${s.msPerFrame.toFixed(1)} ms`).join(', ')})`,
  );
}
// The issue's yardstick: Shipyard's CPU per frame with 8 streams against Codex's with one (goal ≤ 2×).
const perFrame = (key: string) => median((results.get(key) ?? []).map((s) => s.msPerFrame));
for (const codex of subjects.filter((s) => s.codex)) {
  for (const key of ['shipyard, 1 stream', 'shipyard, 8 streams']) {
    const ratio = perFrame(key) / perFrame(`${codex.label}, 1 stream`);
    console.log(`${key} / ${codex.label}, 1 stream: ${ratio.toFixed(2)}× CPU per frame`);
  }
}
for (const subject of subjects.filter((s) => s.cli && MEASURE_RSS)) {
  const s = await sample(subject, 8, 1500, 5);
  console.log(
    `${subject.label}, RSS after a 1,500-word answer in each of 8 panes: ${s.rss?.rss.toFixed(1)} MiB (peak ${s.rss?.peak.toFixed(1)} MiB)`,
  );
}
console.log(`after: ${loadLine()}`);
process.exit(0);
