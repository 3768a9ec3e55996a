/// Migration 8: limits per state machine and per tree (``ExecutionLimits``).
///
/// `scope_open` lists the executions counted in each limited scope; a scope is counted under a
/// transaction-level advisory lock on its name, so its creators and starters are serialised and the
/// count is exact, and the rows of executions that have ended are dropped as it is counted (the
/// commit path never touches these tables). `pending_starts` holds each scope's queue of `PENDING`
/// executions, ordered by a sequence taken under the same locks (acceptance order).
extension PostgresSchema {
    static let limitsMigration: [String] = [
        """
        CREATE TABLE scope_open (
            scope TEXT COLLATE "C" NOT NULL, arn TEXT COLLATE "C" NOT NULL, PRIMARY KEY (scope, arn))
        """,
        "CREATE SEQUENCE pending_starts_seq",
        """
        CREATE TABLE pending_starts (
            scope TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, arn TEXT COLLATE "C" NOT NULL, detail TEXT NOT NULL,
            PRIMARY KEY (scope, seq))
        """,
        "CREATE INDEX pending_starts_by_arn ON pending_starts (arn)",
    ]
}
