// A pane after a restart is the replay of the events the live pane showed, through the same reducer:
// intents with tool calls, a failing command, a refusal, a commit, references, steering and a failed
// intent run against the scripted model; the pane is snapshotted, the app restarted on the same
// state database, and the restored pane compared with it line for line (and frame for frame).
import path from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import type { Workspace } from '../../src/model/project.js';
import { settingsSchema } from '../../src/store/settings.js';
import { Pane } from '../../src/ui/pane.js';
import { sessionResources } from '../support/app-session.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import { frameLines } from '../support/ink.js';
import type { RecordedRequest, ScriptedTurn } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

const resources = sessionResources();

type Message = { role: string; content?: unknown };
const textOf = (message: Message | undefined) =>
  typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '');

/** The model: what it answers depends on the intent (the last user message) and on what came last. */
function script(request: RecordedRequest): ScriptedTurn {
  const messages = request.body.messages as Message[];
  const last = messages.at(-1);
  const intent = textOf(messages.findLast((message) => message.role === 'user'));
  if (last?.role === 'user' && intent.includes('use port 8080')) return { text: 'Steered to 8080.' };
  if (last?.role === 'tool') {
    if (intent.includes('make notes')) return { text: 'Wrote the notes.' };
    if (intent.includes('failing check')) return { text: 'The check failed with 3.' };
    if (intent.includes('remove the build')) return { text: 'Declined, leaving it.' };
    return { text: 'not steered' };
  }
  if (intent.includes('make notes'))
    return {
      toolCalls: [
        { name: 'edit_file', arguments: { path: 'notes.txt', old_string: '', new_string: 'notes\n' } },
      ],
    };
  if (intent.includes('failing check'))
    return { toolCalls: [{ name: 'shell', arguments: { command: 'echo checking; exit 3' } }] };
  if (intent.includes('wait for me'))
    return { toolCalls: [{ name: 'shell', arguments: { command: 'sleep 2' } }] };
  if (intent.includes('remove the build'))
    return { toolCalls: [{ name: 'shell', arguments: { command: 'rm -rf build' } }] };
  if (intent.includes('break')) return { fault: { kind: 'status', status: 400, message: 'no such model' } };
  return { text: 'Compared with web.' };
}

const settings = settingsSchema.parse({ projects: { api: { approval: 'ask' } } });
const open = (workspace: Workspace, dbFile: string) => resources.open({ workspace, settings, dbFile });

const paneOf = (name: string): PaneState => resources.pane(name);
const doneCount = (name: string) =>
  paneOf(name).intents?.filter((intent) => intent.state !== 'queued' && intent.state !== 'running').length ??
  0;

/** The pane as drawn; the attention mark (news since the user last looked) belongs to one run of the app. */
function frame(pane: PaneState, now: number): string[] {
  const { lastFrame, unmount } = render(
    <Pane pane={{ ...pane, attention: false }} index={0} focused={false} width={100} height={40} now={now} />,
  );
  const lines = frameLines(lastFrame() ?? '');
  unmount();
  return lines;
}

describe('a pane restored after a restart', () => {
  it('shows what the live pane showed, line for line', async () => {
    const root = makeTempDir('shipyard-replay-');
    for (const name of ['api', 'web']) {
      const repo = createRepo({ parent: root, name });
      repo.git('config', 'user.name', 'Agent');
      repo.git('config', 'user.email', 'agent@shipyard.invalid');
    }
    await resources.server((request) => script(request));
    const workspace = openWorkspace({ root });
    const file = path.join(makeTempDir('shipyard-home-'), 'state.db');
    const { actions } = open(workspace, file);

    // web: a commit, a failing command, steering during a command, a failed request.
    actions.submitIntent?.('web', 'make notes');
    actions.submitIntent?.('web', 'run the failing check');
    actions.submitIntent?.('web', 'wait for me');
    await waitFor(() => paneOf('web').activity.kind === 'tool' && doneCount('web') === 2, 20_000);
    actions.steer?.('web', 'use port 8080');
    await waitFor(() => doneCount('web') === 3, 20_000);
    actions.submitIntent?.('web', 'break it');
    await waitFor(() => doneCount('web') === 4, 20_000);
    // api: a refused command (the user says no), then references to web.
    actions.submitIntent?.('api', 'remove the build');
    await waitFor(() => paneOf('api').activity.kind === 'approval');
    actions.answerApproval?.('api', 'no');
    await waitFor(() => doneCount('api') === 1, 20_000);
    actions.submitIntent?.('api', 'compare with @web');
    await waitFor(() => doneCount('api') === 2, 20_000);
    await waitFor(() => paneOf('web').git !== undefined && paneOf('api').git !== undefined);

    const web = paneOf('web').lines.map((line) => `${line.kind}: ${line.text}`);
    // The steering is drawn after the result of the command it followed.
    expect(web).toEqual([
      'user: make notes',
      'tool: edit_file notes.txt (created, 1 line)',
      'output: Created notes.txt (1 line)',
      'assistant: Wrote the notes.',
      expect.stringMatching(/^info: committed [0-9a-f]+: Wrote the notes \(1 files\)$/),
      'user: run the failing check',
      'tool: shell echo checking; exit 3 → exit 3',
      expect.stringMatching(/^output: [\s\S]*checking\n\[exit 3\]$/),
      'assistant: The check failed with 3.',
      'user: wait for me',
      'tool: shell sleep 2 → exit 0',
      expect.stringMatching(/^output: [\s\S]*\[exit 0\]$/),
      'user: (steer) use port 8080',
      'assistant: Steered to 8080.',
      'user: break it',
      'error: model endpoint rejected the request (400): no such model',
    ]);
    const api = paneOf('api').lines.map((line) => `${line.kind}: ${line.text}`);
    expect(api).toEqual([
      'user: remove the build',
      'error: shell rm -rf build (refused)',
      expect.stringMatching(/^output: refused: the user declined/),
      'assistant: Declined, leaving it.',
      'user: compare with @web',
      expect.stringMatching(/^info: references: @web \(/),
      'assistant: Compared with web.',
    ]);
    const live = { web: paneOf('web'), api: paneOf('api') };
    expect(live.web.activity.kind).toBe('failed');
    const now = Date.now();
    const liveFrames = { web: frame(live.web, now), api: frame(live.api, now) };

    await resources.close();
    open(workspace, file);
    await waitFor(
      () => paneOf('web').git !== undefined && paneOf('api').git !== undefined && !paneOf('web').stale,
    );
    for (const name of ['web', 'api'] as const) {
      const restored = paneOf(name);
      expect(restored.lines).toEqual(live[name].lines);
      expect(restored.activity.kind).toBe(live[name].activity.kind);
      expect(restored.tokens).toEqual(live[name].tokens);
      expect(frame(restored, now)).toEqual(liveFrames[name]);
    }
  }, 90_000);
});
