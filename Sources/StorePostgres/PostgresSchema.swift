/// The PostgreSQL schema as numbered migrations; the store applies the missing ones on
/// ``PostgresExecutionStore/migrate()`` under an advisory lock, recording each in `schema_migrations`.
/// Never edit a shipped migration: append a new one.
enum PostgresSchema {
    /// The advisory lock key that serialises migrations across processes.
    static let migrationLockKey: Int64 = 0x5354_4550_5749_5345  // "STEPWISE"

    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE state_machines (
                arn TEXT PRIMARY KEY, account TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
                status TEXT NOT NULL, creation_date BIGINT NOT NULL, revision_id TEXT NOT NULL)
            """,
            "CREATE INDEX state_machines_by_account ON state_machines (account, arn)",
            """
            CREATE TABLE state_machine_revisions (
                state_machine_arn TEXT NOT NULL, revision_id TEXT NOT NULL, definition TEXT NOT NULL,
                role_arn TEXT NOT NULL, creation_date BIGINT NOT NULL,
                PRIMARY KEY (state_machine_arn, revision_id))
            """,
            """
            CREATE TABLE executions (
                arn TEXT PRIMARY KEY, account TEXT NOT NULL, state_machine_arn TEXT NOT NULL,
                revision_id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL, input TEXT NOT NULL,
                output TEXT, error TEXT, cause TEXT, start_date BIGINT NOT NULL, stop_date BIGINT,
                parent_arn TEXT, root_arn TEXT NOT NULL, version BIGINT NOT NULL, snapshot BYTEA NOT NULL,
                UNIQUE (state_machine_arn, name))
            """,
            "CREATE INDEX executions_by_state_machine ON executions (state_machine_arn, start_date, arn)",
            "CREATE INDEX executions_by_account ON executions (account, start_date, arn)",
            "CREATE INDEX executions_by_parent ON executions (parent_arn)",
            """
            CREATE TABLE history_events (
                execution_arn TEXT NOT NULL, id BIGINT NOT NULL, previous_event_id BIGINT NOT NULL,
                timestamp BIGINT NOT NULL, type TEXT NOT NULL, details TEXT NOT NULL,
                PRIMARY KEY (execution_arn, id))
            """,
            """
            CREATE TABLE timers (
                id TEXT PRIMARY KEY, execution_arn TEXT NOT NULL, due_date BIGINT NOT NULL, payload TEXT NOT NULL)
            """,
            "CREATE INDEX timers_by_due_date ON timers (due_date, id)",
            "CREATE INDEX timers_by_execution ON timers (execution_arn, due_date)",
            """
            CREATE TABLE outbox (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, execution_arn TEXT NOT NULL,
                exchange TEXT NOT NULL, routing_key TEXT NOT NULL, body BYTEA NOT NULL, headers TEXT NOT NULL,
                created_date BIGINT NOT NULL)
            """,
            """
            CREATE TABLE processed_results (
                execution_arn TEXT NOT NULL, result_key TEXT NOT NULL, PRIMARY KEY (execution_arn, result_key))
            """,
            """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY, owner TEXT NOT NULL, fencing_token BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE TABLE open_executions (account TEXT PRIMARY KEY, open_count BIGINT NOT NULL)",
        ]),
        // The write path in one statement each (PostgresSchema+Functions.swift).
        (2, [insertRecordsFunction, createExecutionFunction, commitFunction]),
        // Activities and tags (PostgresExecutionStore+Activities.swift).
        (3, activityTables),
        // A start that ends at once is refused at the limit inside the create (no separate read).
        (4, [createExecutionFunctionV4]),
        // A batch of commits in one statement, each atomic on its own (PostgresSchema+Batch.swift).
        (5, [commitBatchFunction]),
        // Shard-scoped polling, batched creates, closes per shard, the central StartExecution
        // bucket (PostgresSchema+Shards.swift).
        (6, shardMigration),
        // Key columns compare bytes; executions leave room for heap-only updates
        // (PostgresSchema+Layout.swift).
        (7, layoutMigration),
        // Limits per state machine and per tree, and queued starts (PostgresSchema+Limits.swift).
        (8, limitsMigration),
    ]
}
