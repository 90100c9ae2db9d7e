// The app without its UI: queue from the actions, watch the panes, steer, approve, get notified.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PaneState } from '../../src/core/pane-state.js';
import { openWorkspace } from '../../src/core/workspace.js';
import { type Settings, settingsSchema } from '../../src/store/settings.js';
import { sessionResources } from '../support/app-session.js';
import { createRepo, makeTempDir } from '../support/git-repos.js';
import type { ScriptedTurn } from '../support/scripted-server.js';
import { waitFor } from '../support/wait.js';

const resources = sessionResources();

async function start(
  script: (body: string, index: number) => ScriptedTurn,
  settings: Partial<Settings> = {},
) {
  const root = makeTempDir('shipyard-session-');
  for (const name of ['api', 'web']) {
    const repo = createRepo({ parent: root, name });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
  }
  await resources.server((request, index) => script(request.raw.toString(), index));
  const bell: string[] = [];
  const session = resources.open({
    workspace: openWorkspace({ root }),
    settings: settingsSchema.parse({ commit: 'off', ...settings }),
    terminal: { write: (chunk: string) => bell.push(chunk) },
  });
  const pane = (name: string): PaneState => resources.pane(name);
  return { root, bell, pane, actions: session.actions };
}

describe('AppSession', () => {
  it('runs intents queued from the keyboard in order, streams them into the pane, rings for an unfocused pane and runs the hook', async () => {
    const hookOut = path.join(makeTempDir('shipyard-hook-'), 'env.txt');
    const { pane, actions, bell } = await start(
      (body) => ({ text: body.includes('second thing') ? 'second answer' : 'first answer' }),
      { hook: `env | grep ^SHIPYARD_ | sort >> ${hookOut}` },
    );
    actions.focusChanged?.('api');
    actions.submitIntent?.('web', 'first thing');
    actions.submitIntent?.('web', 'second thing');
    await waitFor(() => pane('web').intents?.filter((i) => i.state === 'done').length === 2);
    const texts = pane('web').lines.map((line) => `${line.kind}:${line.text}`);
    expect(texts).toEqual([
      'user:first thing',
      'assistant:first answer',
      'user:second thing',
      'assistant:second answer',
    ]);
    expect(pane('web').attention).toBe(true);
    expect(pane('web').activity.kind).toBe('done');
    expect(bell.filter((chunk) => chunk === '\x07')).toHaveLength(2);
    await waitFor(() => fs.existsSync(hookOut) && fs.readFileSync(hookOut, 'utf8').includes('second thing'));
    const hook = fs.readFileSync(hookOut, 'utf8');
    expect(hook).toContain('SHIPYARD_PROJECT=web');
    expect(hook).toContain('SHIPYARD_NEW_STATE=done');
    expect(hook).toContain('SHIPYARD_OLD_STATE=running');
    // Focusing the pane clears its mark.
    actions.focusChanged?.('web');
    expect(pane('web').attention).toBe(false);
  });

  it('steering reaches the running turn at its next step', async () => {
    const { pane, actions } = await start((body, index) =>
      index === 0
        ? { toolCalls: [{ name: 'shell', arguments: { command: 'sleep 0.6; echo slept' } }] }
        : { text: body.includes('use port 8080') ? 'steered' : 'not steered' },
    );
    actions.submitIntent?.('api', 'start the server');
    await waitFor(() => pane('api').activity.kind === 'tool');
    actions.steer?.('api', 'use port 8080');
    await waitFor(() => pane('api').activity.kind === 'done');
    expect(pane('api').lines.map((line) => line.text)).toContain('steered');
  });

  it('an "ask" project waits in the pane for approval; y lets the command run', async () => {
    const { pane, actions, root } = await start(
      (_body, index) =>
        index === 0
          ? { toolCalls: [{ name: 'shell', arguments: { command: 'touch approved.txt' } }] }
          : { text: 'ok' },
      { approval: 'ask' },
    );
    actions.focusChanged?.('api');
    actions.submitIntent?.('api', 'make a file');
    await waitFor(() => pane('api').activity.kind === 'approval');
    const activity = pane('api').activity;
    expect(activity.kind === 'approval' && activity.summary).toMatch(/touch approved\.txt/);
    expect(fs.existsSync(path.join(root, 'api', 'approved.txt'))).toBe(false);
    actions.answerApproval?.('api', 'yes');
    await waitFor(() => pane('api').activity.kind === 'done');
    expect(fs.existsSync(path.join(root, 'api', 'approved.txt'))).toBe(true);
  });

  it('a run outside the sandbox waits for approval even under auto, and runs only after y', async () => {
    const { pane, actions, root } = await start((body, index) => {
      if (index === 0) {
        const command = 'echo out > ../web/escalated.txt';
        return {
          toolCalls: [
            { name: 'shell', arguments: { command } },
            { name: 'shell', arguments: { command, escalate_reason: 'write the sibling' } },
          ],
        };
      }
      // Under /tmp the sibling is not even visible inside (the private /tmp hides it).
      return { text: body.includes('[exit 1]') ? 'fenced, then escalated' : 'not fenced?' };
    });
    const target = path.join(root, 'web', 'escalated.txt');
    actions.focusChanged?.('api');
    actions.submitIntent?.('api', 'write the sibling');
    await waitFor(() => pane('api').activity.kind === 'approval');
    const activity = pane('api').activity;
    expect(activity.kind === 'approval' && activity.summary).toMatch(
      /outside the sandbox: write the sibling/,
    );
    expect(fs.existsSync(target)).toBe(false);
    actions.answerApproval?.('api', 'yes');
    await waitFor(() => pane('api').activity.kind === 'done');
    expect(fs.readFileSync(target, 'utf8')).toBe('out\n');
    expect(pane('api').lines.map((line) => line.text)).toContain('fenced, then escalated');
  });

  it('queue editing through the actions: reorder, edit, delete, pause', async () => {
    const { pane, actions } = await start(() => ({ text: 'ok' }));
    actions.togglePause?.('api');
    for (const text of ['one', 'two', 'three']) actions.submitIntent?.('api', text);
    await waitFor(() => pane('api').queueLength === 3 && pane('api').paused === true);
    const [one, two, three] = pane('api').intents!;
    actions.moveIntent?.(three!.id, 'up');
    actions.editIntent?.(one!.id, 'one, edited');
    actions.deleteIntent?.(two!.id);
    await waitFor(() => pane('api').queueLength === 2);
    expect(pane('api').intents!.map((i) => i.text)).toEqual(['one, edited', 'three']);
    actions.editIntent?.(9999, 'nope');
    expect(resources.session.store.get().notice).toMatch(/9999/);
    actions.togglePause?.('api');
    await waitFor(() => pane('api').intents!.every((i) => i.state === 'done'));
  });
});
