// The feed keeps each project's last intents (a restored pane replays them), not a time window.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_INTENT } from '../../src/model/feed.js';
import { openDb } from '../../src/store/db.js';
import { FeedStore } from '../../src/store/feed.js';
import { makeTempDir, removeTempDirs } from '../support/git-repos.js';

afterEach(removeTempDirs);

describe('FeedStore', () => {
  it("keeps the events of a project's last intents, and whatever came after the first of them", () => {
    const db = openDb(path.join(makeTempDir('shipyard-feed-'), 'state.db'));
    const feed = new FeedStore(db);
    for (let id = 1; id <= 25; id++) {
      feed.append('/p/api', id, { type: 'start', text: `intent ${id}` });
      if (id === 3 || id === 22) feed.append('/p/api', NO_INTENT, { type: 'info', line: `between ${id}` });
      feed.append('/p/api', id, { type: 'end', state: 'done' });
    }
    feed.append('/p/web', 1, { type: 'start', text: 'web one' });
    feed.keepLastIntents('/p/api', 20);
    const kept = feed.ofProject('/p/api');
    expect(new Set(kept.filter((e) => e.intentId !== NO_INTENT).map((e) => e.intentId))).toEqual(
      new Set(Array.from({ length: 20 }, (_, i) => i + 6)),
    );
    expect(kept.filter((e) => e.intentId === NO_INTENT).map((e) => e.event)).toEqual([
      { type: 'info', line: 'between 22' },
    ]);
    expect(kept.every((e, i) => i === 0 || e.id > kept[i - 1]!.id)).toBe(true);
    expect(feed.ofProject('/p/web')).toHaveLength(1);
    feed.keepLastIntents('/p/web', 20);
    expect(feed.ofProject('/p/web')).toHaveLength(1);
    db.close();
  });
});
