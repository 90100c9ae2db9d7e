// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
// Append new steps at the end; never edit a step that has shipped.
export const migrations: string[] = [
  // 1: projects seen by any workspace
  `CREATE TABLE projects (
     path TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     workspace TEXT NOT NULL,
     first_seen INTEGER NOT NULL,
     last_seen INTEGER NOT NULL
   );`,
  // 2: intents and queues, contexts, usage, steering, runner lease
  `CREATE TABLE intents (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     text TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled','interrupted')),
     position REAL NOT NULL,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER,
     error TEXT,
     summary TEXT,
     refs TEXT
   );
   CREATE INDEX intents_project ON intents(project, state, position);
   CREATE TABLE intent_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     intent_id INTEGER NOT NULL,
     state TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE TABLE queue_state (
     project TEXT PRIMARY KEY,
     paused INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE contexts (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     ended_at INTEGER,
     end_reason TEXT
   );
   CREATE INDEX contexts_project ON contexts(project, id);
   CREATE TABLE context_items (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     context_id INTEGER NOT NULL,
     intent_id INTEGER,
     kind TEXT NOT NULL,
     item TEXT NOT NULL,
     tokens INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     compacted_by INTEGER
   );
   CREATE INDEX context_items_context ON context_items(context_id, id);
   CREATE TABLE usage (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     intent_id INTEGER,
     input_tokens INTEGER NOT NULL,
     cached_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE TABLE steering (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     intent_id INTEGER,
     text TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     consumed_at INTEGER
   );
   CREATE TABLE leases (
     workspace TEXT PRIMARY KEY,
     holder TEXT NOT NULL,
     pid INTEGER NOT NULL,
     heartbeat INTEGER NOT NULL
   );`,
  // 3: a queue version counter (other processes poll one row to see any queue change), cross-process
  // cancel requests, and an explicit order for context items so a compaction summary sorts before the
  // items it keeps (ids only grow, so they cannot express that)
  `CREATE TABLE queue_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
   INSERT INTO queue_version (id, version) VALUES (1, 0);
   ALTER TABLE intents ADD COLUMN cancel_requested_at INTEGER;
   ALTER TABLE context_items ADD COLUMN seq REAL NOT NULL DEFAULT 0;
   UPDATE context_items SET seq = id;
   CREATE INDEX context_items_live ON context_items(context_id, compacted_by, seq);
   CREATE INDEX steering_project ON steering(project, consumed_at, id);`,
  // 4: the pid of a process that runs an intent outside the queue (`shipyard ask`), so a runner
  // neither interrupts it while it lives nor starts another intent of that project beside it
  `ALTER TABLE intents ADD COLUMN owner_pid INTEGER;`,
  // 5: the process group of each running agent command and the Shipyard process that started it
  // (with start times from /proc, so a reused pid is never taken for ours): the next start kills
  // what a crash left behind
  `CREATE TABLE command_groups (
     pgid INTEGER NOT NULL,
     pgid_started TEXT NOT NULL,
     owner_pid INTEGER NOT NULL,
     owner_started TEXT NOT NULL,
     project TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (pgid, owner_pid)
   );`,
  // 6: leases per project path instead of per workspace (two workspaces may share a pinned project);
  // a workspace lease left by an older version means nothing any more
  `DELETE FROM leases;
   ALTER TABLE leases RENAME COLUMN workspace TO project;`,
  // 7: what was typed into each project's input (queued, steered, saved edits), for Up/Down across
  // restarts
  `CREATE TABLE input_history (
     id INTEGER PRIMARY KEY,
     project TEXT NOT NULL,
     text TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE INDEX input_history_project ON input_history(project, id);`,
  // 8: the last known state of each pane (git, agent, conversation tail) as JSON, so the next start
  // draws every pane at once, marked stale until git is read again
  `CREATE TABLE pane_cache (
     project TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // 9: the feed: every event of a running intent (text deltas, tools, lines), saved by the process
  // that runs it, so any other process shows that work live
  `CREATE TABLE feed (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     intent_id INTEGER NOT NULL,
     pid INTEGER NOT NULL,
     event TEXT NOT NULL,
     at INTEGER NOT NULL
   );`,
  // 10: commits Shipyard owes: an intent's files, held while the user finishes a merge, rebase, … or
  // sits on a detached HEAD; committed once the repository is on a branch again
  `CREATE TABLE pending_commits (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     intent_id INTEGER NOT NULL,
     message TEXT NOT NULL,
     files TEXT NOT NULL,
     policy TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX pending_commits_project ON pending_commits(project, id);`,
  // 11: what a context's prompt prefix was built from and what the model was last told (JSON), so a
  // workspace change reaches the model as news instead of a rebuilt prefix
  `ALTER TABLE contexts ADD COLUMN prompt TEXT;`,
  // 12: the start time (/proc/PID/stat) beside each recorded pid: a pid the kernel gave to a new
  // process after ours died no longer passes for ours (intents left running, leases held forever)
  `ALTER TABLE intents ADD COLUMN owner_started TEXT;
   ALTER TABLE leases ADD COLUMN pid_started TEXT;`,
  // 13: what each intent committed (or only staged), so its diff, review and undo work from any
  // process and after a restart: the commit (or the staged tree and its base), files, line totals
  `CREATE TABLE intent_commits (
     intent_id INTEGER PRIMARY KEY,
     project TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('commit', 'staged')),
     commit_hash TEXT,
     base TEXT,
     tree TEXT,
     files TEXT NOT NULL,
     added INTEGER NOT NULL,
     removed INTEGER NOT NULL,
     at INTEGER NOT NULL,
     undone_at INTEGER,
     undo_commit TEXT
   );`,
  // 14: the feed is kept per project (its last intents, replayed into a pane after a restart), so it
  // is read and pruned by project
  `CREATE INDEX feed_project ON feed(project, intent_id, id);`,
  // 15: approvals that wait for the user, so any process can show and answer them (another app, the
  // `approve` command, a remote grid after a reconnect), not only the one whose agent asked
  `CREATE TABLE approvals (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     project TEXT NOT NULL,
     intent_id INTEGER NOT NULL,
     tool TEXT NOT NULL,
     summary TEXT NOT NULL,
     detail TEXT NOT NULL,
     pid INTEGER NOT NULL,
     pid_started TEXT,
     asked_at INTEGER NOT NULL,
     answer TEXT CHECK (answer IN ('yes', 'no', 'always')),
     answered_at INTEGER,
     closed_at INTEGER
   );
   CREATE INDEX approvals_open ON approvals(project, closed_at);`,
  // 16: this database's own random id, made once: snapshot refs carry it, so two state databases on
  // one repository (a remote host's and a local app's, or one deleted and made anew) never write or
  // restore each other's intent numbers
  `CREATE TABLE state_identity (id INTEGER PRIMARY KEY CHECK (id = 1), state_id TEXT NOT NULL);
   INSERT INTO state_identity (id, state_id) VALUES (1, lower(hex(randomblob(8))));`,
];
