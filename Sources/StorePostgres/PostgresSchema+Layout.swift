/// Migration 7: the table layout for the write path.
///
/// - Key columns compare bytes (`COLLATE "C"`). Every commit looks executions, history events and
///   processed results up by ARN; under the database's default collation (often `en_US.UTF-8` or
///   `C.UTF-8`) each of those B-tree comparisons goes through the C library's `strcoll`. Byte order
///   is also the order the SQLite store sorts in, so listings agree across the two stores.
/// - Executions leave room on each page (`fillfactor`): an execution's row is rewritten by every
///   commit, and with room on its page PostgreSQL keeps the new version there without touching the
///   five indexes (a heap-only update), since no commit changes an indexed column.
///
/// Changing a column's collation rebuilds the indexes on it, under the migration's lock: on a large
/// store this migration takes a while, and every coordinator waits for it (a migration runs under
/// an advisory lock at start).
extension PostgresSchema {
    static let layoutMigration: [String] = [
        """
        ALTER TABLE executions
            ALTER COLUMN arn TYPE TEXT COLLATE "C", ALTER COLUMN account TYPE TEXT COLLATE "C",
            ALTER COLUMN state_machine_arn TYPE TEXT COLLATE "C", ALTER COLUMN name TYPE TEXT COLLATE "C",
            ALTER COLUMN parent_arn TYPE TEXT COLLATE "C", ALTER COLUMN root_arn TYPE TEXT COLLATE "C"
        """,
        "ALTER TABLE executions SET (fillfactor = 50)",
        "ALTER TABLE history_events ALTER COLUMN execution_arn TYPE TEXT COLLATE \"C\"",
        """
        ALTER TABLE processed_results
            ALTER COLUMN execution_arn TYPE TEXT COLLATE "C", ALTER COLUMN result_key TYPE TEXT COLLATE "C"
        """,
        """
        ALTER TABLE timers
            ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN execution_arn TYPE TEXT COLLATE "C"
        """,
        "ALTER TABLE outbox ALTER COLUMN execution_arn TYPE TEXT COLLATE \"C\"",
        "ALTER TABLE leases ALTER COLUMN name TYPE TEXT COLLATE \"C\"",
        """
        ALTER TABLE open_executions ALTER COLUMN account TYPE TEXT COLLATE "C"
        """,
        """
        ALTER TABLE execution_closes ALTER COLUMN account TYPE TEXT COLLATE "C"
        """,
    ]
}
