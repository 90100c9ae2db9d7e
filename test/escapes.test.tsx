// Terminal escapes from anyone's text (the model, commit subjects, branch and folder names, queued
// intents) never reach the screen, a commit message or a tool result; the SDK's chatter never
// writes to the terminal. The built CLI against the scripted server in real repositories, and the
// grid rendered with Ink.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Pane } from '../src/ui/pane.js';
import { QueueList } from '../src/ui/queue-list.js';
import { runCli } from './support/cli.js';
import { gitStatus, intentView, paneState } from './support/fixtures.js';
import { createRepo, makeTempDir, removeTempDirs } from './support/git-repos.js';
import { type ScriptedServer, startScriptedServer } from './support/scripted-server.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const HOSTILE = 'DONE \u001b[5mBLINK\u001b[0m \u001b[8mhidden\u001b[0m\u0007 \u001b]0;title\u0007\u009b31m';
// Any ESC, BEL or C1 CSI (Ink's own colours are checked apart: it never blinks or conceals).
const INJECTED = /\u001b\[5m|\u001b\[8m|\u0007|\u001b\]0;|\u009b/;

function workspace() {
  const root = makeTempDir('shipyard-escapes-');
  const repo = createRepo({ parent: root, name: 'app' });
  repo.git('config', 'user.name', 'Shipyard Agent');
  repo.git('config', 'user.email', 'agent@shipyard.invalid');
  const home = makeTempDir('shipyard-home-');
  const env = () => ({
    SHIPYARD_HOME: home,
    OPENAI_BASE_URL: server!.baseURL,
    OPENAI_API_KEY: 'test-key',
    SHIPYARD_MODEL: 'test-model',
    SHIPYARD_API: 'responses',
  });
  return { root, repo, env };
}

describe('model text with escape codes', () => {
  it('becomes a plain commit subject, and plain text on stdout', async () => {
    const { root, repo, env } = workspace();
    server = await startScriptedServer([
      {
        toolCalls: [
          {
            name: 'apply_patch',
            arguments: { patch: '*** Begin Patch\n*** Add File: new.txt\n+hello\n*** End Patch' },
          },
        ],
      },
      { text: `${HOSTILE}\n\nbody \u001b[31mred\u001b[0m` },
    ]);
    const result = await runCli(['ask', 'app', 'add \u001b[5mnew.txt', '--root', root], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('BLINK');
    expect(result.stdout).not.toMatch(INJECTED);
    expect(result.stdout).not.toContain('\u001b');
    const message = repo.git('log', '-1', '--format=%B');
    expect(message).toMatch(/^DONE BLINK hidden/);
    expect(message).toContain('body red');
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('a malformed stream event is one retry line, never the SDK writing to the terminal', async () => {
    const { root, env } = workspace();
    server = await startScriptedServer([
      { text: 'partial answer', fault: { kind: 'malformed', afterEvents: 3 } },
      { text: 'Second try worked' },
    ]);
    const result = await runCli(['ask', 'app', 'say something', '--root', root], {
      env: { ...env(), OPENAI_LOG: 'debug' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Second try worked');
    expect(result.stderr).not.toMatch(/Could not parse|From chunk|OpenAI:DEBUG|\n\s+at /);
    expect(server.requests).toHaveLength(2);
  });
});

describe('the grid with hostile names', () => {
  it('shows branch, subject, folder name and queued intents without their escape codes', () => {
    const pane = paneState('app\u001b[8m', {
      git: gitStatus({
        branch: 'feat\u001b[5m',
        lastCommit: { subject: HOSTILE, date: new Date().toISOString(), hash: 'abc1234' },
      }),
      gitError: 'bad \u001b]0;x\u0007',
      lines: [{ kind: 'user', text: HOSTILE }],
      activity: { kind: 'tool', since: Date.now(), summary: `shell ${HOSTILE}` },
    });
    const { lastFrame, unmount } = render(
      <Pane pane={pane} index={0} focused={false} width={100} height={12} now={Date.now()} />,
    );
    const frame = lastFrame() ?? '';
    unmount();
    expect(frame).toContain('BLINK');
    expect(frame).not.toMatch(INJECTED);

    const queue = render(
      <QueueList
        intents={[intentView(1, HOSTILE, 'queued'), { ...intentView(2, 'x', 'failed'), error: HOSTILE }]}
        view={{ focused: true, rows: 4 }}
        width={100}
        now={Date.now()}
      />,
    );
    const list = queue.lastFrame() ?? '';
    queue.unmount();
    expect(list).toContain('BLINK');
    expect(list).not.toMatch(INJECTED);
  });
});
