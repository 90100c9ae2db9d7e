// The pure parts of the sandbox: the scrubbed environment, the git policy, settings, masks, hints.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretFilter } from '../../src/agent/tools/secrets.js';
import { scrubEnv } from '../../src/sandbox/env.js';
import { fenceHint } from '../../src/sandbox/fence-hint.js';
import { refusedGitCommand } from '../../src/sandbox/git-policy.js';
import { findMasks } from '../../src/sandbox/masks.js';
import { sandboxPolicy } from '../../src/sandbox/policy.js';
import { settingsSchema } from '../../src/store/settings.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(removeTempDirs);

describe('scrubEnv', () => {
  it('drops secrets and credential helpers, keeps the rest and the allow-list', () => {
    const env = scrubEnv(
      {
        PATH: '/usr/bin',
        HOME: '/home/me',
        OPENAI_API_KEY: 'k',
        GITHUB_TOKEN: 't',
        aws_secret_access_key: 's',
        PGPASSWORD: 'p',
        SSH_AUTH_SOCK: '/run/agent',
        GIT_ASKPASS: 'helper',
        SHIPYARD_HOME: '/x',
        NPM_TOKEN: 'n',
        LANG: 'C.UTF-8',
      },
      ['NPM_*'],
    );
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/me', NPM_TOKEN: 'n', LANG: 'C.UTF-8' });
  });
});

describe('refusedGitCommand', () => {
  it('refuses only push inside the sandbox, every writing subcommand without one', () => {
    expect(refusedGitCommand('git status && git push origin main', false)).toBe('push');
    expect(refusedGitCommand('git commit -m x', false)).toBeUndefined();
    expect(refusedGitCommand('git -C sub -c a=b commit -m x', true)).toBe('commit');
    expect(refusedGitCommand('npm test; /usr/bin/git reset --hard', true)).toBe('reset');
    expect(refusedGitCommand('echo $(git stash)', true)).toBe('stash');
    for (const readOnly of [
      'git status',
      'git diff HEAD',
      'git log -5',
      'git show x',
      'git blame a',
      'git grep foo',
    ])
      expect(refusedGitCommand(readOnly, true)).toBeUndefined();
    expect(refusedGitCommand('echo git commit is what we avoid', true)).toBeUndefined();
  });
});

describe('sandbox settings', () => {
  it('defaults to workspace-write without network; strings are shorthands; projects override', () => {
    const defaults = settingsSchema.parse({});
    expect(sandboxPolicy(defaults, 'api')).toEqual({
      mode: 'workspace-write',
      network: false,
      required: false,
      envAllow: [],
    });
    const settings = settingsSchema.parse({
      sandbox: 'required',
      projects: { api: { sandbox: { network: true, env: ['NPM_TOKEN'] } }, docs: { sandbox: 'read-only' } },
    });
    expect(sandboxPolicy(settings, 'api')).toEqual({
      mode: 'workspace-write',
      network: true,
      required: true,
      envAllow: ['NPM_TOKEN'],
    });
    expect(sandboxPolicy(settings, 'docs').mode).toBe('read-only');
    expect(settingsSchema.safeParse({ sandbox: 'everywhere' }).success).toBe(false);
    expect(settingsSchema.safeParse({ sandbox: { network: 'yes' } }).success).toBe(false);
  });
});

describe('findMasks', () => {
  it("masks the home's credentials, Shipyard's home and the siblings' secret files, never the project", () => {
    const base = makeTempDir('shipyard-masks-');
    const write = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
      fs.writeFileSync(path.join(base, rel), 'x');
    };
    for (const rel of [
      'home/.ssh/id_rsa',
      'home/.aws/config',
      'home/.pgpass',
      'home/.yarnrc.yml',
      'ws/api/.env.local',
      'ws/api/deep/er/server.key',
      'ws/api/node_modules/x/.env',
      'ws/api/src/index.ts',
      'ws/app/.env',
      'shipyard/config.json',
    ])
      write(rel);
    fs.mkdirSync(path.join(base, 'ws/api/.git'));
    const masks = findMasks({
      projectRoot: path.join(base, 'ws/app'),
      home: path.join(base, 'home'),
      shipyardHome: path.join(base, 'shipyard'),
      siblings: [path.join(base, 'ws/api')],
      deny: secretFilter(),
    });
    const rel = (list: string[]) => list.map((p) => path.relative(base, p)).sort();
    expect(rel(masks.dirs)).toEqual(['home/.aws', 'home/.ssh', 'shipyard', 'ws/api/.git']);
    expect(rel(masks.files)).toEqual([
      'home/.pgpass',
      'home/.yarnrc.yml',
      'ws/api/.env.local',
      'ws/api/deep/er/server.key',
    ]);
  });
});

describe('fenceHint', () => {
  const policy = { mode: 'workspace-write' as const, network: false, required: false, envAllow: [] };
  it('names the fence a failed command hit', () => {
    expect(fenceHint('touch /etc/x', 'touch: /etc/x: Read-only file system', policy)).toMatch(
      /writes outside the project folder are blocked/,
    );
    expect(
      fenceHint(
        'git commit -m x',
        "fatal: Unable to create '/p/.git/index.lock': Read-only file system",
        policy,
      ),
    ).toMatch(/\.git is read-only/);
    expect(fenceHint('npm install', 'npm ERR! getaddrinfo EAI_AGAIN registry.npmjs.org', policy)).toMatch(
      /network is off/,
    );
    expect(
      fenceHint('npm install', 'getaddrinfo EAI_AGAIN registry.npmjs.org', { ...policy, network: true }),
    ).toBeUndefined();
    expect(fenceHint('npm test', '1 test failed', policy)).toBeUndefined();
  });
});
