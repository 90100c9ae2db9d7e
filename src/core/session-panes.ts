// How each pane of the running app starts: its conversation replayed from the feed, its tokens, the
// sandbox line and the model as far as known without the network, then, a moment later, the model the
// network decides and an endpoint that does not answer; and each pane's queue view, re-read.
import { resolveModel, unreachable } from '../agent/model-detect.js';
import { modelLabel, resolveModelConfig } from '../agent/provider.js';
import type { ExternalEngine } from '../engines/engine.js';
import { engineStatus, projectEngine } from '../engines/missing.js';
import type { Intent } from '../model/intent.js';
import type { Project } from '../model/project.js';
import { sandboxPolicy } from '../sandbox/policy.js';
import { sandboxSupport, unsandboxedLine } from '../sandbox/support.js';
import type { ContextStore } from '../store/contexts.js';
import type { Db } from '../store/db.js';
import { intentCommits } from '../store/intent-commits.js';
import type { IntentStore } from '../store/intents.js';
import type { Settings } from '../store/settings.js';
import { type UsageTotals, usageTotals } from '../store/usage.js';
import { queueViews } from './pane-feed.js';
import type { PaneState } from './pane-state.js';
import type { SessionFeed } from './session-feed.js';

/** What of the session opening a pane uses. */
export interface PaneOpening {
  db: Db;
  feed: SessionFeed;
  intents: IntentStore;
  settings: () => Settings;
  env?: NodeJS.ProcessEnv;
  pane(projectPath: string, change: (pane: PaneState) => PaneState): void;
  /** The session is closing: nothing touches a pane any more. */
  closing(): boolean;
}

/** A pane's start: its conversation tail, tokens, sandbox line and model (as far as known without the network). */
export function openPane(s: PaneOpening, project: Project): void {
  const intentOf = (id: number) => s.intents.get(id);
  const totals = usageTotals(s.db, project.path);
  // Without a model the grid still works; the pane says in one line what to set.
  const settings = s.settings();
  const env = s.env ?? process.env;
  const model = resolveModelConfig(settings, project.name, env);
  // Commands run with this process's environment (the `env` option only configures the model).
  const unsandboxed = unsandboxedLine(sandboxPolicy(settings, project.name), sandboxSupport());
  const { engine } = projectEngine(settings, project.name);
  if (engine !== 'shipyard') {
    startEnginePane(s, project, engine, totals, intentOf, unsandboxed);
    return;
  }
  s.pane(project.path, (cached) => {
    const pane: PaneState = {
      ...cached,
      ...(unsandboxed ? { unsandboxed } : {}),
      ...(model.ok ? { context: { tokens: 0, window: model.config.contextWindow, compactions: 0 } } : {}),
    };
    // The pane as it was: its saved feed replayed through the reducer the live pane uses.
    const { tokens: _replayed, ...replayed } = s.feed.replay(project.path, pane, intentOf) ?? pane;
    return {
      ...replayed,
      ...(totals.input ? { tokens: totals } : {}),
      ...(model.ok
        ? { model: modelLabel(model.config) }
        : model.need
          ? {} // a local server or the endpoint's model list decides, a moment later
          : { activity: { kind: 'unconfigured', message: model.message } }),
    };
  });
}

/** A pane whose project another agent works: its name in the header, or the one line that it is missing. */
function startEnginePane(
  s: PaneOpening,
  project: Project,
  engine: ExternalEngine,
  totals: UsageTotals,
  intentOf: (id: number) => Intent | undefined,
  unsandboxed: string | undefined,
): void {
  const { modelConfigured } = projectEngine(s.settings(), project.name);
  const status = engineStatus(engine, { ...process.env, ...s.env }, modelConfigured);
  s.pane(project.path, (cached) => {
    const pane: PaneState = { ...cached, engine, ...(unsandboxed ? { unsandboxed } : {}) };
    const { tokens: _replayed, ...replayed } = s.feed.replay(project.path, pane, intentOf) ?? pane;
    return {
      ...replayed,
      ...(totals.input ? { tokens: totals } : {}),
      ...(status.ok ? {} : { activity: { kind: 'unconfigured', message: status.line } }),
    };
  });
}

/**
 * The settings file changed while the app runs: each pane's `unsandboxed` line follows its sandbox
 * setting now (the executor reads the settings at each intent, so `sandbox: off` set live already
 * applies to the next command; the pane must say so). A file that does not validate changes nothing.
 */
export function refreshSandboxLines(s: PaneOpening, projects: Project[]): void {
  let settings: Settings;
  try {
    settings = s.settings();
  } catch {
    return;
  }
  for (const project of projects) {
    const line = unsandboxedLine(sandboxPolicy(settings, project.name), sandboxSupport());
    s.pane(project.path, (pane) => {
      if (pane.unsandboxed === line) return pane;
      const { unsandboxed: _old, ...rest } = pane;
      return line ? { ...rest, unsandboxed: line } : rest;
    });
  }
}

/**
 * After the first frame: each pane's model as the network decides it (a local server, the endpoint's
 * only model), and an endpoint that does not answer said at start rather than at the first intent.
 */
export async function checkModels(s: PaneOpening, projects: Project[]): Promise<void> {
  const settings = s.settings();
  const env = s.env ?? process.env;
  const off = (pane: PaneState, message: string): PaneState =>
    pane.activity.kind === 'idle' || pane.activity.kind === 'unconfigured'
      ? { ...pane, activity: { kind: 'unconfigured', message } }
      : pane;
  // Panes of another engine (Codex, Claude Code) have their own status line.
  const ours = projects.filter((project) => projectEngine(settings, project.name).engine === 'shipyard');
  await Promise.all(
    ours.map(async (project) => {
      const result = await resolveModel(settings, project.name, env);
      if (s.closing()) return;
      if (!result.ok) return s.pane(project.path, (pane) => off(pane, result.message));
      const { config } = result;
      const down =
        config.source?.endpoint === 'detected' ? undefined : await unreachable(config.baseURL, config.apiKey);
      if (s.closing()) return;
      s.pane(project.path, (pane) => {
        const shown = {
          ...pane,
          model: modelLabel(config),
          context: {
            tokens: pane.context?.tokens ?? 0,
            window: config.contextWindow,
            compactions: pane.context?.compactions ?? 0,
          },
        };
        return down ? off(shown, `model endpoint ${down}`) : shown;
      });
    }),
  );
}

/** Finished intents each pane lists under its queue. */
const RECENT_FINISHED = 20;

/** Every pane's queue view, paused flag and context estimate, re-read (cheap: a few rows per project). */
export function refreshQueueViews(
  s: PaneOpening,
  contexts: ContextStore,
  projects: readonly Project[],
): void {
  const recent = s.intents.recent(RECENT_FINISHED);
  const changes = intentCommits(
    s.db,
    recent
      .filter((intent) => intent.state !== 'queued' && intent.state !== 'running')
      .map((intent) => intent.id),
  );
  const byProject = queueViews(recent, RECENT_FINISHED, changes);
  for (const project of projects) {
    const { intents, queueLength } = byProject.get(project.path) ?? { intents: [], queueLength: 0 };
    const tokens = contexts.tokenEstimate(project.path);
    s.pane(project.path, (pane) => ({
      ...pane,
      intents,
      queueLength,
      paused: s.intents.isPaused(project.path),
      // An engine's pane keeps the fill its engine reported (its context is the engine's thread).
      ...(pane.engine
        ? {}
        : {
            context: {
              tokens,
              window: pane.context?.window ?? 0,
              compactions: pane.context?.compactions ?? 0,
            },
          }),
    }));
  }
}
