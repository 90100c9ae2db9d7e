// Look at the grid with fixture data: `npx tsx examples/grid.tsx [projects] [--unwired]`.
// One pane streams a line every second so the tail and the spinner can be watched; `i` + Enter
// queues an intent into the pane's in-memory queue (zoom with Enter to see and edit it), Space
// selects panes for a fan-out (or, with --unwired, shows what happens before the queue exists).
import type { AppActions } from '../src/core/app-state.js';
import { renderApp } from '../src/ui/render-app.js';
import { appStore, panes, queueCore } from '../test/support/fixtures.js';

const count = Number(process.argv.find((arg) => /^\d+$/.test(arg)) ?? 3);
const unwired = process.argv.includes('--unwired');
const store = appStore(panes(count), {
  startProject: 'api',
  notice: unwired ? 'model not configured: set OPENAI_API_KEY' : undefined,
});

const updatePane = (
  name: string,
  change: (pane: ReturnType<typeof store.get>['panes'][number]) => typeof pane,
) =>
  store.update((state) => ({
    ...state,
    panes: state.panes.map((pane) => (pane.project.name === name ? change(pane) : pane)),
  }));

const actions: AppActions = unwired
  ? {}
  : {
      ...queueCore(store),
      steer: (project, text) =>
        updatePane(project, (pane) => ({
          ...pane,
          lines: [...pane.lines, { kind: 'user', text: `(steer) ${text}` }],
        })),
      answerApproval: (project) =>
        updatePane(project, (pane) => ({ ...pane, activity: { kind: 'thinking', since: Date.now() } })),
      cancel: (project) =>
        updatePane(project, (pane) => ({
          ...pane,
          activity: { kind: 'failed', at: Date.now(), message: 'cancelled' },
        })),
    };

let n = 0;
const timer = setInterval(() => {
  n += 1;
  updatePane('api', (pane) => ({
    ...pane,
    lines: [
      ...pane.lines,
      { kind: n % 4 === 0 ? 'tool' : 'assistant', text: `streamed line ${n}: checking the retry path` },
    ],
  }));
}, 1000);

const app = renderApp(store, actions);
await app.waitUntilExit();
clearInterval(timer);
