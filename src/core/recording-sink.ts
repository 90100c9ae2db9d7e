// The executor's sink, saving as it announces: each event goes to the feed table and to the sink of
// this process (its pane or its console) in one call, so other processes can show the work live.
import type { FeedEvent } from '../model/feed.js';
import type { Intent } from '../model/intent.js';
import type { Db } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import type { IntentSink } from './intent-executor.js';

export function recordingSink(db: Db, inner: IntentSink = {}): IntentSink {
  const feed = new FeedStore(db);
  const save = (intent: Intent, event: FeedEvent) => {
    try {
      feed.append(intent.projectPath, intent.id, event);
    } catch {
      // A busy or locked database costs other processes one live line, never this intent.
    }
  };
  return {
    start: (intent, project) => {
      save(intent, { type: 'start', text: intent.text });
      inner.start?.(intent, project);
    },
    event: (intent, event) => {
      save(intent, event);
      inner.event?.(intent, event);
    },
    info: (intent, line, kind) => {
      save(intent, { type: 'info', line, ...(kind ? { kind } : {}) });
      inner.info?.(intent, line, kind);
    },
    ...(inner.approve ? { approve: inner.approve } : {}),
  };
}
