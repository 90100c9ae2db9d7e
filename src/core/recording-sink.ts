// The executor's sink, saving as it announces: each event goes to the feed table and to the sink of
// this process (its pane or its console) in one call, so other processes can show the work live.
// Streamed text is saved in batches (one row per ~100 ms, not per token) and within the bound of an
// answer, so a long or huge answer costs the database what the stored answer costs, not more.
import { MAX_ANSWER_BYTES } from '../agent/step-bounds.js';
import type { AgentEvent, FeedEvent } from '../model/feed.js';
import type { Intent } from '../model/intent.js';
import type { Db } from '../store/db.js';
import { FeedStore } from '../store/feed.js';
import type { IntentSink } from './intent-executor.js';

/** How long streamed text waits before it is saved: other processes poll every 250 ms. */
const BATCH_MS = 100;
/** Intents whose events each project keeps: a restored pane replays them (it shows ~that many). */
export const KEEP_INTENTS = 20;

type Delta = Extract<AgentEvent, { type: 'text' | 'reasoning' }>;

export function recordingSink(db: Db, inner: IntentSink = {}): IntentSink {
  const feed = new FeedStore(db);
  const save = (intent: Intent, event: FeedEvent) => {
    try {
      feed.append(intent.projectPath, intent.id, event);
    } catch {
      // A busy or locked database costs other processes one live line, never this intent.
    }
  };
  // Per intent: the text waiting to be saved and how much of this step's text was saved already.
  const pending = new Map<number, { intent: Intent; delta: Delta; timer: NodeJS.Timeout }>();
  const savedThisStep = new Map<number, number>();
  const flush = (intentId: number) => {
    const batch = pending.get(intentId);
    if (!batch) return;
    pending.delete(intentId);
    clearTimeout(batch.timer);
    save(batch.intent, batch.delta);
  };
  const saveDelta = (intent: Intent, event: Delta) => {
    const saved = savedThisStep.get(intent.id) ?? 0;
    if (saved >= MAX_ANSWER_BYTES) return;
    const delta = event.delta.slice(0, MAX_ANSWER_BYTES - saved);
    savedThisStep.set(intent.id, saved + delta.length);
    const batch = pending.get(intent.id);
    if (batch && batch.delta.type === event.type) {
      batch.delta = { type: event.type, delta: batch.delta.delta + delta };
      return;
    }
    flush(intent.id);
    // Not unref'd: a process that ends right after its answer still saves the answer's last words.
    const timer = setTimeout(() => flush(intent.id), BATCH_MS);
    pending.set(intent.id, { intent, delta: { type: event.type, delta }, timer });
  };
  return {
    start: (intent, project) => {
      try {
        feed.keepLastIntents(intent.projectPath, KEEP_INTENTS);
      } catch {
        // Pruning waits for the next intent.
      }
      save(intent, { type: 'start', text: intent.text });
      inner.start?.(intent, project);
    },
    event: (intent, event) => {
      if (event.type === 'text' || event.type === 'reasoning') saveDelta(intent, event);
      else {
        flush(intent.id);
        if (event.type === 'step' || event.type === 'discard') savedThisStep.delete(intent.id);
        save(intent, event);
      }
      inner.event?.(intent, event);
    },
    info: (intent, line, kind) => {
      flush(intent.id);
      save(intent, { type: 'info', line, ...(kind ? { kind } : {}) });
      inner.info?.(intent, line, kind);
    },
    // The request and its answer are events like the others: every process's pane shows the prompt
    // open and closed, in order with the tool lines around it.
    ...(inner.approve
      ? {
          approve: async (intent, request) => {
            const { tool, summary, detail, escalation } = request;
            const asked: AgentEvent = {
              type: 'approval',
              tool,
              summary,
              detail,
              ...(escalation !== undefined ? { escalation } : {}),
            };
            flush(intent.id);
            save(intent, asked);
            inner.event?.(intent, asked);
            const answer = await inner.approve!(intent, request);
            const answered: AgentEvent = { type: 'approved', answer };
            save(intent, answered);
            inner.event?.(intent, answered);
            return answer;
          },
        }
      : {}),
  };
}
