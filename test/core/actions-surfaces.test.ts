// One set of actions for both surfaces: each action, through the app (AppSession's actions, what the
// keys call) and through the built CLI, from the same starting state, ends in the same state with
// the same one-line refusal.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppSession } from '../../src/core/app-session.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { ApprovalStore } from '../../src/store/approvals.js';
import { ContextStore } from '../../src/store/contexts.js';
import { type Db, openDb } from '../../src/store/db.js';
import { IntentStore } from '../../src/store/intents.js';
import { settingsSchema } from '../../src/store/settings.js';
import { runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';

const noModel = { OPENAI_API_KEY: '', OPENAI_BASE_URL: '', OPENROUTER_API_KEY: '', SHIPYARD_MODEL: '' };

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  removeTempDirs();
});

interface World {
  db: Db;
  intents: IntentStore;
  contexts: ContextStore;
  api: string;
}

/** The starting state; returns the ids the action refers to. */
type Arrange = (world: World) => Record<string, number>;

interface Row {
  name: string;
  arrange: Arrange;
  /** Through the app: what the keys call. */
  app(session: AppSession, ids: Record<string, number>): void;
  /** Through the CLI: the arguments. */
  cli(ids: Record<string, number>): string[];
  /** The refusal both must give; none when the action succeeds. */
  refusal?: (ids: Record<string, number>) => string;
}

const running: Arrange = ({ intents, contexts, api }) => {
  contexts.append(api, { type: 'message', role: 'user', content: 'earlier' }, { kind: 'user' });
  const run = intents.startNow(api, 'long task').id; // a live `ask` of this process
  return { run, queued: intents.enqueue(api, 'queued one').id };
};
const finished =
  (state: 'cancelled' | 'failed' | 'done'): Arrange =>
  ({ intents, api }) => {
    const intent = intents.startNow(api, `it ${state}`);
    intents.finish(intent.id, state);
    return { intent: intent.id };
  };
const threeQueued: Arrange = ({ intents, api }) => ({
  one: intents.enqueue(api, 'one').id,
  two: intents.enqueue(api, 'two').id,
  three: intents.enqueue(api, 'three').id,
});

const rows: Row[] = [
  {
    name: 'reset while an intent runs',
    arrange: running,
    app: (s) => s.actions.resetContext?.('api'),
    cli: () => ['context', 'reset', 'api'],
    refusal: (ids) => `#${ids.run} is running in api; cancel it first (shipyard cancel api)`,
  },
  {
    name: 'compact while an intent runs',
    arrange: running,
    app: (s) => s.actions.compactContext?.('api'),
    cli: () => ['context', 'compact', 'api'],
    refusal: (ids) => `#${ids.run} is running in api; cancel it first (shipyard cancel api)`,
  },
  {
    name: 'retry a cancelled intent',
    arrange: finished('cancelled'),
    app: (s, ids) => s.actions.retryIntent?.(ids.intent!),
    cli: (ids) => ['retry', String(ids.intent)],
  },
  {
    name: 'retry a done intent',
    arrange: finished('done'),
    app: (s, ids) => s.actions.retryIntent?.(ids.intent!),
    cli: (ids) => ['retry', String(ids.intent)],
    refusal: (ids) =>
      `Intent #${ids.intent} is done; only failed/interrupted/cancelled intents can be retried.`,
  },
  {
    name: 'edit a running intent',
    arrange: running,
    app: (s, ids) => s.actions.editIntent?.(ids.run!, 'changed'),
    cli: (ids) => ['edit', String(ids.run), 'changed'],
    refusal: (ids) => `Intent #${ids.run} is running; only queued intents can be edited.`,
  },
  {
    name: 'edit a queued intent',
    arrange: threeQueued,
    app: (s, ids) => s.actions.editIntent?.(ids.two!, 'two, edited'),
    cli: (ids) => ['edit', String(ids.two), 'two,', 'edited'],
  },
  {
    name: 'move a queued intent up',
    arrange: threeQueued,
    app: (s, ids) => s.actions.moveIntent?.(ids.three!, 'up'),
    cli: (ids) => ['move', String(ids.three), 'up'],
  },
  {
    name: 'remove a running intent',
    arrange: running,
    app: (s, ids) => s.actions.deleteIntent?.(ids.run!),
    cli: (ids) => ['delete', String(ids.run)],
    refusal: (ids) =>
      `Intent #${ids.run} is running; only queued/done/failed/cancelled/interrupted intents can be removed.`,
  },
  {
    name: 'remove a queued intent',
    arrange: threeQueued,
    app: (s, ids) => s.actions.deleteIntent?.(ids.one!),
    cli: (ids) => ['delete', String(ids.one)],
  },
  {
    name: 'steer when nothing runs',
    arrange: threeQueued,
    app: (s) => s.actions.steer?.('api', 'also this'),
    cli: () => ['steer', 'api', 'also', 'this'],
    refusal: () => 'Nothing is running in api; queue the text instead.',
  },
  {
    name: 'steer the running intent',
    arrange: running,
    app: (s) => s.actions.steer?.('api', 'also this'),
    cli: () => ['steer', 'api', 'also', 'this'],
  },
  {
    name: 'cancel the running intent',
    arrange: running,
    app: (s) => s.actions.cancel?.('api'),
    cli: () => ['cancel', 'api'],
  },
  {
    name: 'pause, then queue',
    arrange: () => ({}),
    app: (s) => {
      s.actions.togglePause?.('api');
      s.actions.submitIntent?.('api', 'while paused');
    },
    cli: () => ['pause', 'api'],
  },
  {
    name: 'send a review of a finished intent back (front of the queue)',
    arrange: (world) => ({ ...finished('done')(world), ...threeQueued(world) }),
    app: (s, ids) => s.actions.reviewIntent?.(ids.intent!, [{ text: 'keep it lowercase' }], 'front'),
    cli: (ids) => ['queue', String(ids.intent), '--review', 'keep it lowercase'],
  },
  {
    name: 'review a queued intent',
    arrange: threeQueued,
    app: (s, ids) => s.actions.reviewIntent?.(ids.one!, [{ text: 'hm' }], 'front'),
    cli: (ids) => ['queue', String(ids.one), '--review', 'hm'],
    refusal: (ids) => `#${ids.one} is queued: review it once it has finished`,
  },
  {
    name: 'undo an intent that changed nothing',
    arrange: finished('done'),
    app: (s, ids) => s.actions.undoIntent?.(ids.intent!),
    cli: (ids) => ['undo', String(ids.intent)],
    refusal: (ids) => `#${ids.intent} changed nothing (no commit, nothing staged): nothing to undo`,
  },
  {
    name: 'approve when nothing waits',
    arrange: running,
    app: (s) => s.actions.answerApproval?.('api', 'yes'),
    cli: () => ['approve', 'api', 'yes'],
    refusal: () => 'Nothing waits for approval in api.',
  },
  {
    name: 'approve the waiting request of the running intent',
    arrange: (world) => {
      const ids = running(world);
      // Asked by a live process (this one): whichever surface answers, its agent reads it.
      new ApprovalStore(world.db).ask(world.api, ids.run!, {
        tool: 'shell',
        summary: 'shell npm test',
        detail: 'npm test',
      });
      return ids;
    },
    app: (s) => s.actions.answerApproval?.('api', 'always'),
    cli: () => ['approve', 'api', 'always'],
  },
  {
    name: 'queue behind a running intent, referring to a sibling',
    arrange: running,
    app: (s) => s.actions.submitIntent?.('api', 'do it the way @web does'),
    cli: () => ['queue', 'api', 'do it the way @web does'],
  },
];

function world(): { home: string; root: string; world: World } {
  const root = makeTempDir('shipyard-surfaces-');
  const api = createRepo({ parent: root, name: 'api' }).path;
  createRepo({ parent: root, name: 'web' });
  const home = makeTempDir('shipyard-home-');
  const db = openDb(path.join(home, 'state.db'));
  dbs.push(db);
  return { home, root, world: { db, intents: new IntentStore(db), contexts: new ContextStore(db), api } };
}

/** What both surfaces must agree on: the queue, cancel requests, pause, steering, the context. */
function snapshot({ db, intents, contexts, api }: World) {
  const steering = db.prepare('SELECT text FROM steering WHERE project = ?').all(api) as { text: string }[];
  return {
    intents: intents
      .list({ project: api })
      .map((i) => `${i.text}:${i.state}${i.cancelRequested ? ':cancel-requested' : ''}`),
    queueOrder: intents.list({ project: api, states: ['queued'] }).map((i) => i.text),
    paused: intents.isPaused(api),
    steering: steering.map((row) => row.text),
    liveContextItems: contexts.items(api).length,
    approvals: (db.prepare('SELECT summary, answer FROM approvals').all() as object[]).map((row) => ({
      ...row,
    })),
  };
}

describe('the same action through the app and through the CLI', () => {
  for (const row of rows) {
    it(row.name, async () => {
      // The app.
      const app = world();
      const appIds = row.arrange(app.world);
      const session = new AppSession({
        workspace: openWorkspace({ root: app.root }),
        db: app.world.db,
        settings: () => settingsSchema.parse({}),
        env: noModel,
      });
      row.app(session, appIds);
      await session.close(); // waits for a compaction under way
      const appNotice = session.store.get().notice;

      // The CLI, from the same state in its own home.
      const cli = world();
      const cliIds = row.arrange(cli.world);
      expect(cliIds).toEqual(appIds);
      const result = await runCli([...row.cli(cliIds), '--root', cli.root], {
        env: { SHIPYARD_HOME: cli.home, ...noModel },
      });

      if (row.refusal) {
        const line = row.refusal(appIds);
        expect(appNotice).toBe(line);
        expect(result.stderr).toBe(`shipyard: ${line}\n`);
        expect(result.code).toBe(1);
      } else {
        expect(appNotice).toBeUndefined();
        expect(result.stderr, result.stderr).toBe('');
        expect(result.code).toBe(0);
      }
      const appState = snapshot(app.world);
      // `pause, then queue` queues from the app in the same step; the CLI queues with a second command.
      if (row.name === 'pause, then queue') {
        const queued = await runCli(['queue', 'api', 'while paused', '--root', cli.root], {
          env: { SHIPYARD_HOME: cli.home, ...noModel },
        });
        expect(queued.stderr).toBe("note: api's queue is paused (shipyard resume api)\n");
      }
      expect(snapshot(cli.world)).toEqual(appState);
    });
  }
});
