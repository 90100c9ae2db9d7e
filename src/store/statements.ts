// Prepared statements, prepared once per database connection and query text.
import type { StatementSync } from 'node:sqlite';
import type { Db } from './db.js';

export function statementCache(db: Db): (query: string) => StatementSync {
  const statements = new Map<string, StatementSync>();
  return (query) => {
    let statement = statements.get(query);
    if (!statement) {
      statement = db.prepare(query);
      statements.set(query, statement);
    }
    return statement;
  };
}
