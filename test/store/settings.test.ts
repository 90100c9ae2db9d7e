import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { migrations } from '../../src/store/migrations.js';
import { SettingsStore } from '../../src/store/settings.js';
import { editedSettings } from '../../src/store/settings-edit.js';

let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-home-'));
  env = { SHIPYARD_HOME: home };
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('settings', () => {
  it('live under SHIPYARD_HOME with defaults', () => {
    const store = new SettingsStore(env);
    expect(store.path).toBe(path.join(home, 'config.json'));
    expect(store.read()).toMatchObject({ pinned: [], approval: 'auto', commit: 'commit', parallel: 4 });
  });

  it('round-trip through the file', () => {
    new SettingsStore(env).update((s) => ({ ...s, pinned: ['/x'], model: { model: 'm1', api: 'chat' } }));
    expect(new SettingsStore(env).read()).toMatchObject({
      pinned: ['/x'],
      model: { model: 'm1', api: 'chat' },
    });
  });

  it('a broken JSON file is named in one line, and left as it was', () => {
    fs.writeFileSync(path.join(home, 'config.json'), '{"pinned": [');
    expect(() => new SettingsStore(env)).toThrow(
      `Settings file ${path.join(home, 'config.json')} is not valid JSON`,
    );
    expect(fs.readFileSync(path.join(home, 'config.json'), 'utf8')).toBe('{"pinned": [');
  });

  it('a schema violation names the file and the field', () => {
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ approval: 'sometimes' }));
    expect(() => new SettingsStore(env)).toThrow(/config\.json: field "approval"/);
    fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify({ model: { api: 'soap' } }));
    expect(() => new SettingsStore(env)).toThrow(/field "model\.api"/);
  });
});

describe('state database', () => {
  it('runs every migration once, in WAL mode', () => {
    const file = path.join(home, 'state.db');
    const db = openDb(file);
    const version = db.prepare('PRAGMA user_version').get() as { user_version: number };
    expect(version.user_version).toBe(migrations.length);
    expect((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    db.close();
    const again = openDb(file); // re-opening does not re-run migrations
    expect((again.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(
      migrations.length,
    );
    again.close();
  });

  it('refuses a database from a newer version', () => {
    const file = path.join(home, 'state.db');
    const db = openDb(file);
    db.exec(`PRAGMA user_version = ${migrations.length + 5}`);
    db.close();
    expect(() => openDb(file)).toThrow(/newer Shipyard/);
  });
});

describe('editedSettings: one field changed, every other byte kept', () => {
  it('keeps a one-line file on one line, tabs as tabs, and gives the same text back on removal', () => {
    for (const text of ['{"approval":"ask"}', '{\n\t"approval": "ask",\n\t"parallel": 2\n}\n', '{}', '']) {
      const added = editedSettings(text, 'pinned', ['/x/tool']);
      expect(JSON.parse(added)).toEqual({ ...(text ? JSON.parse(text) : {}), pinned: ['/x/tool'] });
      if (text.includes('\t')) expect(added).toContain('\t"pinned": [\n\t\t"/x/tool"\n\t]\n}');
      if (text.startsWith('{"')) expect(added).toBe('{"approval":"ask", "pinned": ["/x/tool"]}');
      if (text) expect(editedSettings(added, 'pinned', undefined)).toBe(text);
    }
  });

  it('replaces a value where it stands, and removes a first field with its comma', () => {
    const text = '{\n  "pinned": ["/a"],\n  "approval": "ask"\n}\n';
    expect(editedSettings(text, 'pinned', ['/a', '/b'])).toBe(
      '{\n  "pinned": [\n    "/a",\n    "/b"\n  ],\n  "approval": "ask"\n}\n',
    );
    expect(editedSettings(text, 'pinned', undefined)).toBe('{\n  "approval": "ask"\n}\n');
  });
});
