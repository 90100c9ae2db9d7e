// Fixture PaneStates for UI tests and examples/grid.tsx: plain data, one builder per idea.
import type { AppActions, AppState } from '../../src/core/app-state.js';
import { ObservableState } from '../../src/core/observable-state.js';
import type { AgentActivity, IntentView, PaneLine, PaneState } from '../../src/core/pane-state.js';
import type { GitStatus } from '../../src/model/git-status.js';
import type { IntentState } from '../../src/model/intent.js';
import type { Project } from '../../src/model/project.js';

export const ROOT = '/home/dev/code';
const MINUTE = 60_000;

export function project(name: string): Project {
  return { name, path: `${ROOT}/${name}`, pinned: false };
}

export function gitStatus(overrides: Partial<GitStatus> = {}): GitStatus {
  return {
    branch: 'main',
    head: 'a1b2c3d',
    upstream: 'origin/main',
    ahead: 0,
    behind: 0,
    staged: 0,
    modified: 0,
    untracked: 0,
    conflicted: 0,
    dirty: 0,
    lastCommit: {
      subject: 'Fix the flaky retry test',
      date: new Date(Date.now() - 3 * MINUTE).toISOString(),
      hash: 'a1b2c3d',
    },
    operation: null,
    ...overrides,
  };
}

/** The GitStatus shapes a pane must tell apart. */
export const GIT_VARIANTS = {
  clean: gitStatus(),
  dirty: gitStatus({ staged: 2, modified: 3, untracked: 4, dirty: 9, ahead: 1, behind: 2 }),
  conflicted: gitStatus({ conflicted: 1, modified: 1, dirty: 2 }),
  detached: gitStatus({ branch: null, head: 'abc1234', upstream: null }),
  noUpstream: gitStatus({ branch: 'feature/login', upstream: null }),
  noCommits: gitStatus({ head: null, upstream: null, lastCommit: null }),
} satisfies Record<string, GitStatus>;

export function paneState(name: string, overrides: Partial<PaneState> = {}): PaneState {
  return {
    project: project(name),
    git: gitStatus(),
    activity: { kind: 'idle' },
    lines: [],
    queueLength: 0,
    ...overrides,
  };
}

export const NAMES = [
  'api',
  'web',
  'worker',
  'billing',
  'auth',
  'search',
  'mobile',
  'infra',
  'docs',
  'cli',
  'gateway',
  'ledger',
  'mailer',
  'metrics',
  'notifier',
  'payments',
  'reports',
  'scheduler',
  'storage',
  'admin',
];

export function conversation(count: number, prefix = 'line'): PaneLine[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'assistant' as const,
    text: `${prefix} ${i + 1}`,
  }));
}

/** `count` panes named from NAMES (then `projectN`), each different enough to look at. */
export function panes(count: number): PaneState[] {
  const now = Date.now();
  const activities: AgentActivity[] = [
    { kind: 'thinking', since: now - 12_000 },
    { kind: 'idle' },
    { kind: 'done', at: now - 5 * MINUTE },
    { kind: 'tool', since: now - 3_000, summary: 'npm test -- --run retry' },
    { kind: 'approval', since: now - 40_000, summary: 'git push origin main' },
    { kind: 'failed', at: now - MINUTE, message: '429 rate limited after 3 retries' },
  ];
  return Array.from({ length: count }, (_, i) =>
    paneState(NAMES[i] ?? `project${i + 1}`, {
      activity: activities[i % activities.length]!,
      git: Object.values(GIT_VARIANTS)[i % 6],
      lines: [
        { kind: 'user', text: 'make the retry test deterministic' },
        { kind: 'tool', text: '$ rg -n "setTimeout" test/retry.test.ts' },
        { kind: 'assistant', text: 'The test waits on real timers; I will inject a clock instead.' },
      ],
      queueLength: i % 3,
      tokens: i % 2 === 0 ? { input: 18_400 + i * 1000, cached: 12_000, output: 2_100 } : undefined,
      attention: i % 6 === 2,
    }),
  );
}

export function appStore(
  paneList: PaneState[],
  overrides: Partial<AppState> = {},
): ObservableState<AppState> {
  return new ObservableState<AppState>({ workspaceRoot: ROOT, panes: paneList, ...overrides });
}

export function intentView(id: number, text: string, state: IntentState, minutesAgo = 1): IntentView {
  const createdAt = Date.now() - minutesAgo * MINUTE;
  const finished = state !== 'queued' && state !== 'running';
  return {
    id,
    text,
    state,
    createdAt,
    finishedAt: finished ? createdAt + 30_000 : null,
    error: state === 'failed' ? 'no model configured: set SHIPYARD_MODEL' : null,
  };
}

/**
 * A small in-memory stand-in for core's queue, for UI tests and examples: the actions change the
 * store the way core does (intents list, queue length, pause), so frames show real effects.
 */
export function queueCore(store: ObservableState<AppState>): AppActions {
  const change = (
    name: string | null,
    id: number | null,
    edit: (intents: IntentView[], pane: PaneState) => Partial<PaneState> | IntentView[],
  ) =>
    store.update((state) => ({
      ...state,
      panes: state.panes.map((pane) => {
        const intents = pane.intents ?? [];
        if (name !== null && pane.project.name !== name) return pane;
        if (id !== null && !intents.some((i) => i.id === id)) return pane;
        const result = edit([...intents], pane);
        const next = Array.isArray(result) ? { ...pane, intents: result } : { ...pane, ...result };
        return { ...next, queueLength: (next.intents ?? []).filter((i) => i.state === 'queued').length };
      }),
    }));
  const swap = (id: number, direction: 'up' | 'down') =>
    change(null, id, (intents) => {
      const at = intents.findIndex((i) => i.id === id);
      const queued = intents.map((i, n) => (i.state === 'queued' ? n : -1)).filter((n) => n >= 0);
      const other = direction === 'up' ? queued.filter((n) => n < at).at(-1) : queued.find((n) => n > at);
      if (other === undefined) return intents;
      [intents[at], intents[other]] = [intents[other]!, intents[at]!];
      return intents;
    });
  return {
    submitIntent: (name, text) => {
      const id = Math.max(0, ...store.get().panes.flatMap((p) => (p.intents ?? []).map((i) => i.id))) + 1;
      change(name, null, (intents) => [...intents, intentView(id, text, 'queued', 0)]);
    },
    moveIntent: swap,
    editIntent: (id, text) =>
      change(null, id, (intents) => intents.map((i) => (i.id === id ? { ...i, text } : i))),
    deleteIntent: (id) => change(null, id, (intents) => intents.filter((i) => i.id !== id)),
    retryIntent: (id) =>
      change(null, id, (intents) => {
        const retried = { ...intents.find((i) => i.id === id)!, state: 'queued' as const, error: null };
        const rest = intents.filter((i) => i.id !== id);
        const firstQueued = rest.findIndex((i) => i.state === 'queued');
        rest.splice(firstQueued === -1 ? rest.length : firstQueued, 0, retried);
        return rest;
      }),
    togglePause: (name) => change(name, null, (_intents, pane) => ({ paused: !pane.paused })),
  };
}
