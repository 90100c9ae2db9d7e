// The living context of each project: the agent conversation, item by item, across intents and restarts.
// Items are ordered by `seq`, not id: a compaction summary is written after the items it replaces but
// must sort before the items it keeps.
import type { StatementSync } from 'node:sqlite';
import { UserError } from '../errors.js';
import type { ContextEntry } from '../model/conversation.js';
import { type Db, transaction } from './db.js';
import { statementCache } from './statements.js';

export type ContextItemKind =
  | 'user'
  | 'assistant'
  | 'tool_call'
  | 'tool_result'
  | 'reasoning'
  | 'summary'
  | 'note';

export interface StoredContextItem extends ContextEntry {
  /** Id of the summary item that replaced this one; null while the item is live. */
  compactedBy: number | null;
}

export interface ContextInfo {
  id: number;
  projectPath: string;
  createdAt: number;
  endedAt: number | null;
  endReason: string | null;
}

export interface ContextHistory extends ContextInfo {
  /** Every item in the order it was written, compacted ones included. */
  items: StoredContextItem[];
}

export interface AppendOptions {
  kind: ContextItemKind | (string & {});
  intentId?: number;
  /** Estimated size; defaults to `estimateTokens(item)`. */
  tokens?: number;
}

interface ItemRow {
  id: number;
  context_id: number;
  intent_id: number | null;
  kind: string;
  item: string;
  tokens: number;
  created_at: number;
  compacted_by: number | null;
}

interface ContextRow {
  id: number;
  project: string;
  created_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

/** A rough token count (about four characters per token) for items whose size the model did not report. */
export function estimateTokens(item: unknown): number {
  const text = typeof item === 'string' ? item : (JSON.stringify(item) ?? '');
  return Math.ceil(text.length / 4);
}

export class ContextStore {
  private readonly sql: (query: string) => StatementSync;

  constructor(readonly db: Db) {
    this.sql = statementCache(db);
  }

  /** The project's current context, started on first use. */
  current(projectPath: string): ContextInfo {
    const id = transaction(this.db, () => this.currentId(projectPath, true)!);
    return this.info(id);
  }

  /** Appends one item to the current context (one transaction); returns the item's id. */
  append(projectPath: string, item: unknown, options: AppendOptions): number {
    const json = JSON.stringify(item);
    if (json === undefined) throw new TypeError('A context item must be JSON-serialisable');
    const tokens = options.tokens ?? estimateTokens(json);
    return transaction(this.db, () => {
      const contextId = this.currentId(projectPath, true)!;
      const result = this.sql(
        `INSERT INTO context_items (context_id, intent_id, kind, item, tokens, created_at, seq)
         VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM context_items
           WHERE context_id = ? AND compacted_by IS NULL))`,
      ).run(contextId, options.intentId ?? null, options.kind, json, tokens, Date.now(), contextId);
      return Number(result.lastInsertRowid);
    });
  }

  /** The live items of the current context, in conversation order: [summary?, ...items]. */
  items(projectPath: string): ContextEntry[] {
    const rows = this.sql(
      `SELECT ci.id, ci.context_id, ci.intent_id, ci.kind, ci.item, ci.tokens, ci.created_at
       FROM context_items ci
       WHERE ci.context_id = (SELECT id FROM contexts WHERE project = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1)
         AND ci.compacted_by IS NULL
       ORDER BY ci.seq`,
    ).all(projectPath) as unknown as ItemRow[];
    return rows.map(toItem);
  }

  /** The newest `limit` live items, in conversation order: what a pane shows after a restart. */
  recent(projectPath: string, limit: number): ContextEntry[] {
    const rows = this.sql(
      `SELECT * FROM (
         SELECT ci.id, ci.context_id, ci.intent_id, ci.kind, ci.item, ci.tokens, ci.created_at, ci.seq
         FROM context_items ci
         WHERE ci.context_id = (SELECT id FROM contexts WHERE project = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1)
           AND ci.compacted_by IS NULL
         ORDER BY ci.seq DESC LIMIT ?)
       ORDER BY seq`,
    ).all(projectPath, limit) as unknown as ItemRow[];
    return rows.map(toItem);
  }

  /**
   * Replaces every live item before `keepFromId` with `summaryItem` (null keeps nothing). The replaced
   * items stay readable in `history()`. Returns the summary's id.
   */
  compact(
    projectPath: string,
    summaryItem: unknown,
    keepFromId: number | null,
    options: { tokens?: number; kind?: string; intentId?: number } = {},
  ): number {
    const json = JSON.stringify(summaryItem);
    if (json === undefined) throw new TypeError('A context item must be JSON-serialisable');
    return transaction(this.db, () => {
      const contextId = this.currentId(projectPath, true)!;
      let seq: number;
      if (keepFromId === null) {
        seq = this.maxSeq(contextId, Number.POSITIVE_INFINITY) + 1;
      } else {
        const kept = this.sql('SELECT context_id, seq, compacted_by FROM context_items WHERE id = ?').get(
          keepFromId,
        ) as { context_id: number; seq: number; compacted_by: number | null } | undefined;
        if (!kept || kept.context_id !== contextId || kept.compacted_by !== null) {
          throw new UserError(`Context item ${keepFromId} is not a live item of the current context.`);
        }
        // Halfway between the kept item and whatever precedes it, compacted or not.
        seq = (this.maxSeq(contextId, kept.seq) + kept.seq) / 2;
      }
      const result = this.sql(
        `INSERT INTO context_items (context_id, intent_id, kind, item, tokens, created_at, seq)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        contextId,
        options.intentId ?? null,
        options.kind ?? 'summary',
        json,
        options.tokens ?? estimateTokens(json),
        Date.now(),
        seq,
      );
      const summaryId = Number(result.lastInsertRowid);
      this.sql(
        `UPDATE context_items SET compacted_by = ?
         WHERE context_id = ? AND compacted_by IS NULL AND seq < ? AND id != ?`,
      ).run(summaryId, contextId, seq, summaryId);
      return summaryId;
    });
  }

  /** The prompt state saved with the current context (parsed JSON), if any. */
  promptState(projectPath: string): unknown {
    const row = this.sql(
      'SELECT prompt FROM contexts WHERE project = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1',
    ).get(projectPath) as { prompt: string | null } | undefined;
    if (!row?.prompt) return undefined;
    try {
      return JSON.parse(row.prompt);
    } catch {
      return undefined;
    }
  }

  /** Saves the prompt state with the current context (started on first use). */
  setPromptState(projectPath: string, state: unknown): void {
    transaction(this.db, () => {
      const id = this.currentId(projectPath, true)!;
      this.sql('UPDATE contexts SET prompt = ? WHERE id = ?').run(JSON.stringify(state) ?? null, id);
    });
  }

  /** Ends the current context (the next use starts a fresh one). False when there was none. */
  reset(projectPath: string, reason: string): boolean {
    return transaction(this.db, () => {
      const result = this.sql(
        'UPDATE contexts SET ended_at = ?, end_reason = ? WHERE project = ? AND ended_at IS NULL',
      ).run(Date.now(), reason, projectPath);
      return result.changes > 0;
    });
  }

  /** Every context of the project, oldest first, with all items (for `shipyard log` and exports). */
  history(projectPath: string): ContextHistory[] {
    const contexts = this.sql('SELECT * FROM contexts WHERE project = ? ORDER BY id').all(
      projectPath,
    ) as unknown as ContextRow[];
    const rows = this.sql(
      `SELECT ci.* FROM context_items ci JOIN contexts c ON c.id = ci.context_id
       WHERE c.project = ? ORDER BY ci.context_id, ci.id`,
    ).all(projectPath) as unknown as ItemRow[];
    const byContext = new Map<number, StoredContextItem[]>();
    for (const row of rows) {
      const list = byContext.get(row.context_id) ?? [];
      list.push({ ...toItem(row), compactedBy: row.compacted_by });
      byContext.set(row.context_id, list);
    }
    return contexts.map((row) => ({ ...toInfo(row), items: byContext.get(row.id) ?? [] }));
  }

  /** Sum of the live items' tokens in the current context. */
  tokenEstimate(projectPath: string): number {
    const row = this.sql(
      `SELECT COALESCE(SUM(ci.tokens), 0) AS tokens FROM context_items ci
       WHERE ci.context_id = (SELECT id FROM contexts WHERE project = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1)
         AND ci.compacted_by IS NULL`,
    ).get(projectPath) as { tokens: number };
    return row.tokens;
  }

  /** Id of the newest item of any context of the project (0 when none): a cheap change check for pollers. */
  lastItemId(projectPath: string): number {
    const row = this.sql(
      `SELECT COALESCE(MAX(ci.id), 0) AS id FROM context_items ci
       WHERE ci.context_id = (SELECT MAX(id) FROM contexts WHERE project = ?)`,
    ).get(projectPath) as { id: number };
    return row.id;
  }

  private currentId(projectPath: string, create: boolean): number | undefined {
    const row = this.sql(
      'SELECT id FROM contexts WHERE project = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1',
    ).get(projectPath) as { id: number } | undefined;
    if (row || !create) return row?.id;
    const result = this.sql('INSERT INTO contexts (project, created_at) VALUES (?, ?)').run(
      projectPath,
      Date.now(),
    );
    return Number(result.lastInsertRowid);
  }

  private maxSeq(contextId: number, below: number): number {
    const row = this.sql(
      'SELECT COALESCE(MAX(seq), 0) AS seq FROM context_items WHERE context_id = ? AND seq < ?',
    ).get(contextId, below === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : below) as { seq: number };
    return row.seq;
  }

  private info(id: number): ContextInfo {
    return toInfo(this.sql('SELECT * FROM contexts WHERE id = ?').get(id) as unknown as ContextRow);
  }
}

function toItem(row: ItemRow): ContextEntry {
  return {
    id: row.id,
    contextId: row.context_id,
    intentId: row.intent_id,
    kind: row.kind,
    item: JSON.parse(row.item),
    tokens: row.tokens,
    createdAt: row.created_at,
  };
}

function toInfo(row: ContextRow): ContextInfo {
  return {
    id: row.id,
    projectPath: row.project,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
  };
}
