import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverProjects, openWorkspace } from '../../src/core/workspace.js';
import { findProject } from '../../src/model/project.js';

let root: string;

function repo(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '-q', dir]);
  return fs.realpathSync(dir);
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-ws-')));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('workspace discovery', () => {
  it('at depth 1, finds child git repos, sorted, skipping hidden, node_modules and plain folders', () => {
    repo(path.join(root, 'web'));
    repo(path.join(root, 'api'));
    repo(path.join(root, '.hidden'));
    repo(path.join(root, 'node_modules'));
    repo(path.join(root, 'deep', 'nested'));
    fs.mkdirSync(path.join(root, 'docs'));
    const workspace = openWorkspace({ cwd: root, depth: 1 });
    expect(workspace.root).toBe(root);
    expect(workspace.projects.map((p) => p.name)).toEqual(['api', 'web']);
    expect(workspace.startProject).toBeUndefined();
  });

  it('finds nested repos down to the depth (2 by default), never in node_modules, .git or a repo', () => {
    repo(path.join(root, 'api'));
    repo(path.join(root, 'org', 'billing')); // the ghq / Go layout: ~/code/org/repo
    repo(path.join(root, 'org', 'team', 'deep')); // depth 3
    repo(path.join(root, 'node_modules', 'pkg'));
    repo(path.join(root, 'vendor', 'node_modules', 'pkg'));
    repo(path.join(root, 'api', 'sub')); // inside a repository's own tree
    repo(path.join(root, '.cache', 'thing'));
    fs.symlinkSync(root, path.join(root, 'org', 'loop')); // a link back up is not walked again
    expect(openWorkspace({ cwd: root }).projects.map((p) => p.name)).toEqual(['api', 'billing']);
    const three = openWorkspace({ cwd: root, depth: 3 }).projects;
    expect(three.map((p) => [p.name, p.path])).toEqual([
      ['api', path.join(root, 'api')],
      ['billing', path.join(root, 'org', 'billing')],
      ['deep', path.join(root, 'org', 'team', 'deep')],
    ]);
  });

  it('a nested repo whose name clashes is called by its path below the root', () => {
    repo(path.join(root, 'api'));
    repo(path.join(root, 'org', 'api'));
    repo(path.join(root, 'acme', 'web'));
    repo(path.join(root, 'other', 'web'));
    expect(openWorkspace({ cwd: root }).projects.map((p) => p.name)).toEqual([
      'acme/web',
      'api',
      'org/api',
      'other/web',
    ]);
  });

  it('pins belong to their workspace; global pins to every one', () => {
    repo(path.join(root, 'one', 'a'));
    repo(path.join(root, 'two', 'b'));
    const tool = repo(path.join(root, 'elsewhere', 'tool'));
    const lib = repo(path.join(root, 'elsewhere', 'lib'));
    const pins = { pinned: [lib], workspaces: { [path.join(root, 'one')]: { pinned: [tool] } } };
    const names = (ws: string) =>
      openWorkspace({ ...pins, root: path.join(root, ws) }).projects.map((p) => p.name);
    expect(names('one')).toEqual(['a', 'lib', 'tool']);
    expect(names('two')).toEqual(['b', 'lib']);
  });

  it('inside a repo, the workspace is the parent folder and that repo has the focus', () => {
    repo(path.join(root, 'api'));
    const web = repo(path.join(root, 'web'));
    fs.mkdirSync(path.join(web, 'src', 'lib'), { recursive: true });
    const workspace = openWorkspace({ cwd: path.join(web, 'src', 'lib') });
    expect(workspace.root).toBe(root);
    expect(workspace.startProject).toBe('web');
  });

  it('--root picks another folder; a repo given as root focuses it', () => {
    repo(path.join(root, 'a'));
    repo(path.join(root, 'b'));
    expect(openWorkspace({ cwd: os.tmpdir(), root }).projects).toHaveLength(2);
    const focused = openWorkspace({ cwd: os.tmpdir(), root: path.join(root, 'b') });
    expect(focused.root).toBe(root);
    expect(focused.startProject).toBe('b');
  });

  it('a missing root is one clear error', () => {
    expect(() => openWorkspace({ root: path.join(root, 'nope') })).toThrow(/does not exist/);
  });

  it('adds pinned projects from elsewhere, and disambiguates a clashing name', () => {
    repo(path.join(root, 'ws', 'api'));
    const other = repo(path.join(root, 'elsewhere', 'api'));
    const tool = repo(path.join(root, 'elsewhere', 'tool'));
    const projects = discoverProjects(path.join(root, 'ws'), [other, tool]);
    expect(projects.map((p) => p.name)).toEqual(['api', 'elsewhere/api', 'tool']);
    expect(projects.find((p) => p.name === 'tool')?.pinned).toBe(true);
  });

  it('an unknown project name lists the known ones', () => {
    repo(path.join(root, 'api'));
    const workspace = openWorkspace({ cwd: root });
    expect(() => findProject(workspace, 'nope')).toThrow('Unknown project "nope". Known projects: api');
  });
});
