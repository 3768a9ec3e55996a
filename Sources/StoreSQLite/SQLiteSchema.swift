/// The SQLite schema as numbered migrations; the store applies the missing ones on open and
/// records each in `schema_migrations`. Never edit a shipped migration: append a new one.
enum SQLiteSchema {
    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE state_machines (
                arn TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                status TEXT NOT NULL, creation_date INTEGER NOT NULL, revision_id TEXT NOT NULL)
            """,
            "CREATE INDEX state_machines_by_account ON state_machines (account, arn)",
            """
            CREATE TABLE state_machine_revisions (
                state_machine_arn TEXT NOT NULL, revision_id TEXT NOT NULL, definition TEXT NOT NULL,
                role_arn TEXT NOT NULL, creation_date INTEGER NOT NULL,
                PRIMARY KEY (state_machine_arn, revision_id))
            """,
            """
            CREATE TABLE executions (
                arn TEXT PRIMARY KEY, account TEXT NOT NULL, state_machine_arn TEXT NOT NULL,
                revision_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL,
                output TEXT, error TEXT, cause TEXT, start_date INTEGER NOT NULL, stop_date INTEGER,
                parent_arn TEXT, root_arn TEXT NOT NULL, version INTEGER NOT NULL, snapshot BLOB NOT NULL,
                UNIQUE (state_machine_arn, name))
            """,
            "CREATE INDEX executions_by_state_machine ON executions (state_machine_arn, start_date, arn)",
            "CREATE INDEX executions_by_account ON executions (account, start_date, arn)",
            "CREATE INDEX executions_by_parent ON executions (parent_arn)",
            """
            CREATE TABLE history_events (
                execution_arn TEXT NOT NULL, id INTEGER NOT NULL, previous_event_id INTEGER NOT NULL,
                timestamp INTEGER NOT NULL, type TEXT NOT NULL, details TEXT NOT NULL,
                PRIMARY KEY (execution_arn, id))
            """,
            """
            CREATE TABLE timers (
                id TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, due_date INTEGER NOT NULL, payload TEXT NOT NULL)
            """,
            "CREATE INDEX timers_by_due_date ON timers (due_date, id)",
            "CREATE INDEX timers_by_execution ON timers (execution_arn, due_date)",
            """
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT, execution_arn TEXT NOT NULL, exchange TEXT NOT NULL,
                routing_key TEXT NOT NULL, body BLOB NOT NULL, headers TEXT NOT NULL, created_date INTEGER NOT NULL)
            """,
            """
            CREATE TABLE processed_results (
                execution_arn TEXT NOT NULL, result_key TEXT NOT NULL, PRIMARY KEY (execution_arn, result_key))
            """,
            """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY, owner TEXT NOT NULL, fencing_token INTEGER NOT NULL, expires_at INTEGER NOT NULL)
            """,
            "CREATE TABLE open_executions (account TEXT PRIMARY KEY, open_count INTEGER NOT NULL)",
        ]),
        (2, [
            "CREATE TABLE activities (arn TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, creation_date INTEGER NOT NULL)",
            "CREATE INDEX activities_by_account ON activities (account, arn)",
            "CREATE TABLE tags (resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_arn, key))",
        ]),
        // Fewer random index inserts per start: UNIQUE (state_machine_arn, name) repeated the primary
        // key (an execution's ARN is its state machine's name and its own name), and only nested
        // executions have a parent to index. SQLite drops a constraint only by rebuilding the table.
        (3, [
            """
            CREATE TABLE executions_v3 (
                arn TEXT PRIMARY KEY, account TEXT NOT NULL, state_machine_arn TEXT NOT NULL,
                revision_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL,
                output TEXT, error TEXT, cause TEXT, start_date INTEGER NOT NULL, stop_date INTEGER,
                parent_arn TEXT, root_arn TEXT NOT NULL, version INTEGER NOT NULL, snapshot BLOB NOT NULL)
            """,
            "INSERT INTO executions_v3 SELECT * FROM executions",
            "DROP TABLE executions",
            "ALTER TABLE executions_v3 RENAME TO executions",
            "CREATE INDEX executions_by_state_machine ON executions (state_machine_arn, start_date, arn)",
            "CREATE INDEX executions_by_account ON executions (account, start_date, arn)",
            "CREATE INDEX executions_by_parent ON executions (parent_arn) WHERE parent_arn IS NOT NULL",
        ]),
        // History as one row per commit (see HistoryBatch): each old event becomes a batch of one.
        (4, [
            """
            CREATE TABLE history_batches (
                execution_arn TEXT NOT NULL, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, events TEXT NOT NULL,
                PRIMARY KEY (execution_arn, last_id))
            """,
            """
            INSERT INTO history_batches (execution_arn, first_id, last_id, events)
            SELECT execution_arn, id, id, id || ',' || previous_event_id || ',' || timestamp || ',' || type || ','
                || length(CAST(details AS BLOB)) || ':' || details
            FROM history_events ORDER BY execution_arn, id
            """,
            "DROP TABLE history_events",
        ]),
        // processed_results is only ever looked up by its key: without a rowid it is one B-tree, not a
        // table and an index holding the same text (one insert per task result instead of two).
        (5, [
            """
            CREATE TABLE processed_results_v5 (
                execution_arn TEXT NOT NULL, result_key TEXT NOT NULL, PRIMARY KEY (execution_arn, result_key)) WITHOUT ROWID
            """,
            "INSERT INTO processed_results_v5 SELECT execution_arn, result_key FROM processed_results",
            "DROP TABLE processed_results",
            "ALTER TABLE processed_results_v5 RENAME TO processed_results",
        ]),
        // Shard-scoped polling: timers and outbox rows carry their execution's shard (filled in for
        // older rows by `SQLiteExecutionStore.fillShards`), read through indexes that lead with it.
        // The StartExecution bucket lives on the account's row (see StartBucket).
        (6, [
            "ALTER TABLE timers ADD COLUMN shard INTEGER",
            "ALTER TABLE outbox ADD COLUMN shard INTEGER",
            "DROP INDEX timers_by_due_date",
            "CREATE INDEX timers_by_shard ON timers (shard, due_date, id)",
            "CREATE INDEX outbox_by_shard ON outbox (shard, id)",
            "ALTER TABLE open_executions ADD COLUMN tokens REAL",
            "ALTER TABLE open_executions ADD COLUMN counted_at INTEGER",
        ]),
        // Limits per state machine and per tree (ExecutionLimits): the executions counted in each
        // limited scope (rows of ended ones are dropped when the scope is next counted), and the
        // queues of PENDING executions, in acceptance order.
        (7, [
            "CREATE TABLE scope_open (scope TEXT NOT NULL, arn TEXT NOT NULL, PRIMARY KEY (scope, arn)) WITHOUT ROWID",
            """
            CREATE TABLE pending_starts (
                scope TEXT NOT NULL, seq INTEGER NOT NULL, arn TEXT NOT NULL, detail TEXT NOT NULL,
                PRIMARY KEY (scope, seq)) WITHOUT ROWID
            """,
            "CREATE INDEX pending_starts_by_arn ON pending_starts (arn)",
        ]),
    ]
}
