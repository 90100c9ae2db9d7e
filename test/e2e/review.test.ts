// End to end, as a person would: the app in tmux against the scripted model; the diff of a finished
// intent opened from the zoomed queue, a comment on one line sent back to the agent (its request
// quotes file and line), and the intent undone with U, U (a revert commit on the branch).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEntry, nodeBin, runCli } from '../support/cli.js';
import { createRepo, makeTempDir, removeTempDirs } from '../support/git-repos.js';
import { type ScriptedServer, scriptedEnv, startScriptedServer } from '../support/scripted-server.js';
import { TmuxSession } from '../support/tmux.js';

let tmux: TmuxSession | undefined;
let server: ScriptedServer | undefined;
afterEach(async () => {
  tmux?.kill();
  tmux = undefined;
  await server?.close();
  server = undefined;
  removeTempDirs();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reviewing an intent in a real terminal', () => {
  it('opens its diff, sends a comment on a line, and undoes it', async () => {
    const root = makeTempDir('shipyard-e2e-review-');
    const repo = createRepo({ parent: root, name: 'app' });
    repo.git('config', 'user.name', 'Agent');
    repo.git('config', 'user.email', 'agent@shipyard.invalid');
    repo.commit('files', { files: { 'a.ts': 'one\ntwo\nthree\n' } });
    server = await startScriptedServer([
      {
        toolCalls: [{ name: 'edit_file', arguments: { path: 'a.ts', old_string: 'two', new_string: 'TWO' } }],
      },
      { text: 'Shout two' },
      { text: 'Will keep it lowercase' },
    ]);
    const env = scriptedEnv(server, makeTempDir('shipyard-home-'));
    expect((await runCli(['ask', 'app', 'shout', 'two', '--root', root], { env })).code).toBe(0);

    tmux = new TmuxSession(120, 36);
    tmux.start(env);
    tmux.type(`${nodeBin} ${cliEntry} --root ${root}`);
    await tmux.waitFor((s) => s.includes('1 project') && s.includes('app'));
    tmux.keys('z');
    await tmux.waitFor((s) => /#1 done .*1 file \+1 −1/.test(s));
    tmux.keys('d');
    let screen = await tmux.waitFor((s) => s.includes('+TWO') && s.includes('-two'));
    expect(screen).toMatch(/#1 in app · commit [0-9a-f]{7} · 1 file \+1 −1/);
    // Added lines green, removed red.
    const colours = tmux.screenWithColours();
    expect(colours).toMatch(/\u001b\[32m\+TWO/);
    expect(colours).toMatch(/\u001b\[31m-two/);

    // Rows: file header, hunk, " one", "-two", "+TWO": the cursor to +TWO, then a comment.
    tmux.literal('jjjjc');
    await tmux.waitFor((s) => s.includes('comment on a.ts:2 ›'));
    tmux.literal('keep it lowercase');
    tmux.keys('Enter');
    await tmux.waitFor((s) => s.includes('1 comment to send'));
    tmux.keys('s');
    await tmux.waitFor((s) => s.includes("sent 1 comment on #1: a new intent at the front of app's queue"));
    await tmux.waitFor((s) => /#2 done/.test(s), 20_000);
    const request = server.requests.at(-1)!.raw.toString();
    expect(request).toContain('Review of intent #1');
    expect(request).toContain('a.ts, line 2:');
    expect(request).toContain('keep it lowercase');

    // Undo #1 from the queue list: select it (whether the list shows #2, which went to the front,
    // above or below it), then U asks once and the second U reverts.
    tmux.keys('k');
    await pause(150);
    if (!/› #1 /.test(tmux.screen())) tmux.keys('j');
    await tmux.waitFor((s) => /› #1 /.test(s));
    tmux.keys('U');
    await tmux.waitFor((s) => /undo #1: revert [0-9a-f]{7} \(1 file\)\? press U again/.test(s));
    tmux.keys('U');
    screen = await tmux.waitFor((s) => /undid #1: reverted [0-9a-f]{7} with [0-9a-f]{7}/.test(s));
    expect(screen).toMatch(/#1 done .*1 file \+1 −1 undone/);
    expect(fs.readFileSync(path.join(repo.path, 'a.ts'), 'utf8')).toBe('one\ntwo\nthree\n');
    expect(repo.git('log', '--format=%s')).toBe('Revert "Shout two"\nShout two\nfiles\ninitial');
    tmux.keys('Escape');
    await pause(100);
    tmux.keys('q');
  }, 60_000);
});
