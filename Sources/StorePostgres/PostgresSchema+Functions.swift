import Store

/// The write path as PL/pgSQL functions (migration 2), so that a create or a commit is one
/// statement: one network round trip, run in its own transaction, instead of `BEGIN`, a dozen
/// statements and `COMMIT`. Each function does what the Swift code did before, statement by
/// statement, under the same locks; a check that fails raises one of ``errorCodes``, which rolls
/// the whole statement back.
///
/// Rows to insert arrive as parallel arrays (one per column, ``recordParameters``), unnested into
/// one multi-row `INSERT` each.
///
/// Like the rest of a shipped migration, this text must not change: a new version of a function
/// is a new migration (`CREATE OR REPLACE FUNCTION`).
extension PostgresSchema {
    /// The SQLSTATE codes the functions raise, and the store errors they stand for.
    static let errorCodes: [String: StoreError] = [
        "SWNFD": .notFound,
        "SWVER": .versionConflict,
        "SWFEN": .fencingConflict,
        "SWTRN": .invalidTransition,
        "SWLIM": .limitExceeded,
        "SWDUP": .resultAlreadyProcessed,
        "SWTHR": .throttled,
    ]

    /// The parameters every function ends with: 5 event, 4 timer and 6 outbox column arrays
    /// (`PostgresQuery.StringInterpolation.appendInterpolation(records:_:_:)` passes them).
    static let recordParameters = """
        p_event_ids BIGINT[], p_event_previous_ids BIGINT[], p_event_timestamps BIGINT[], p_event_types TEXT[],
        p_event_details TEXT[],
        p_timer_ids TEXT[], p_timer_executions TEXT[], p_timer_due_dates BIGINT[], p_timer_payloads TEXT[],
        p_outbox_executions TEXT[], p_outbox_exchanges TEXT[], p_outbox_routing_keys TEXT[], p_outbox_bodies BYTEA[],
        p_outbox_headers TEXT[], p_outbox_created_dates BIGINT[]
        """

    /// ``recordParameters`` passed on to `stepwise_insert_records`.
    static let recordArguments = """
        p_event_ids, p_event_previous_ids, p_event_timestamps, p_event_types, p_event_details,
        p_timer_ids, p_timer_executions, p_timer_due_dates, p_timer_payloads,
        p_outbox_executions, p_outbox_exchanges, p_outbox_routing_keys, p_outbox_bodies, p_outbox_headers,
        p_outbox_created_dates
        """

    /// `stepwise_insert_records(arn, record arrays)`: appends
    /// history (for `arn`), timers and outbox messages; a duplicate event or timer id is a unique violation.
    static let insertRecordsFunction = """
        CREATE FUNCTION stepwise_insert_records(
            p_arn TEXT,
            \(recordParameters)
        ) RETURNS VOID LANGUAGE plpgsql AS $$
        BEGIN
            IF cardinality(p_event_ids) > 0 THEN
                INSERT INTO history_events (execution_arn, id, previous_event_id, timestamp, type, details)
                SELECT p_arn, e.* FROM unnest(p_event_ids, p_event_previous_ids, p_event_timestamps, p_event_types,
                                              p_event_details) AS e;
            END IF;
            IF cardinality(p_timer_ids) > 0 THEN
                INSERT INTO timers (id, execution_arn, due_date, payload)
                SELECT * FROM unnest(p_timer_ids, p_timer_executions, p_timer_due_dates, p_timer_payloads);
            END IF;
            IF cardinality(p_outbox_executions) > 0 THEN
                -- WITH ORDINALITY: outbox ids follow the order of the messages.
                INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date)
                SELECT m.execution_arn, m.exchange, m.routing_key, m.body, m.headers, m.created_date
                FROM unnest(p_outbox_executions, p_outbox_exchanges, p_outbox_routing_keys, p_outbox_bodies,
                            p_outbox_headers, p_outbox_created_dates)
                     WITH ORDINALITY AS m (execution_arn, exchange, routing_key, body, headers, created_date, n)
                ORDER BY m.n;
            END IF;
        END
        $$
        """

    /// `stepwise_create_execution(16 execution columns, open limit, record arrays) → BOOLEAN`:
    /// `false` (and nothing written) when the ARN or the state machine's execution name is taken.
    /// A `RUNNING` execution takes a slot: the conditional `UPDATE` locks the account's row, and a
    /// waiting creator re-checks `open_count < limit` on the committed value, so the limit is exact.
    static let createExecutionFunction = createExecutionSQL(version: 2)

    /// Migration 4's `stepwise_create_execution`: as version 2, and an execution that ends as it
    /// starts (it never holds a slot) is refused while the account is at its limit, as AWS refuses
    /// any start there; the check reads the account's row in the same statement.
    static let createExecutionFunctionV4 = createExecutionSQL(version: 4)

    private static func createExecutionSQL(version: Int) -> String {
        let create = version >= 4 ? "CREATE OR REPLACE FUNCTION" : "CREATE FUNCTION"
        let finishedAtLimit = version >= 4 ? """

                ELSIF (SELECT open_count FROM open_executions WHERE account = p_account) >= p_open_limit THEN
                    RAISE EXCEPTION 'account % has % open executions', p_account, p_open_limit USING ERRCODE = 'SWLIM';
            """ : ""
        return """
            \(create) stepwise_create_execution(
                p_arn TEXT, p_account TEXT, p_state_machine_arn TEXT, p_revision_id TEXT, p_name TEXT, p_status TEXT,
                p_input TEXT, p_output TEXT, p_error TEXT, p_cause TEXT, p_start_date BIGINT, p_stop_date BIGINT,
                p_parent_arn TEXT, p_root_arn TEXT, p_version BIGINT, p_snapshot BYTEA, p_open_limit BIGINT,
                \(recordParameters)
            ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO executions (arn, account, state_machine_arn, revision_id, name, status, input, output, error,
                                        cause, start_date, stop_date, parent_arn, root_arn, version, snapshot)
                VALUES (p_arn, p_account, p_state_machine_arn, p_revision_id, p_name, p_status, p_input, p_output, p_error,
                        p_cause, p_start_date, p_stop_date, p_parent_arn, p_root_arn, p_version, p_snapshot)
                ON CONFLICT DO NOTHING;
                IF NOT FOUND THEN
                    RETURN FALSE;
                END IF;
                PERFORM stepwise_insert_records(p_arn, \(recordArguments));
                -- Last, so the account's row stays locked only until the commit.
                IF p_status = 'RUNNING' THEN
                    INSERT INTO open_executions (account, open_count) VALUES (p_account, 0) ON CONFLICT DO NOTHING;
                    UPDATE open_executions SET open_count = open_count + 1
                    WHERE account = p_account AND open_count < p_open_limit;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'account % has % open executions', p_account, p_open_limit USING ERRCODE = 'SWLIM';
                    END IF;\(finishedAtLimit)
                END IF;
                RETURN TRUE;
            END
            $$
            """
    }

    /// `stepwise_commit(arn, expected version, fence name, fence token, date, 6 new values,
    /// timer ids to delete, result keys, record arrays) → BIGINT` (the new version).
    /// Locks the execution row before checking the version; the fence takes a share lock on the
    /// lease row, so a takeover waits until this commit has finished. Frees the account's slot
    /// when the status leaves `RUNNING`: under the row lock and the version check, exactly once.
    static let commitFunction = """
        CREATE FUNCTION stepwise_commit(
            p_arn TEXT, p_expected_version BIGINT, p_fence_name TEXT, p_fence_token BIGINT, p_date BIGINT,
            p_status TEXT, p_output TEXT, p_error TEXT, p_cause TEXT, p_stop_date BIGINT, p_snapshot BYTEA,
            p_delete_timer_ids TEXT[], p_result_keys TEXT[],
            \(recordParameters)
        ) RETURNS BIGINT LANGUAGE plpgsql AS $$
        DECLARE
            v_account TEXT;
            v_status TEXT;
            v_version BIGINT;
            v_recorded BIGINT;
        BEGIN
            SELECT account, status, version INTO v_account, v_status, v_version
            FROM executions WHERE arn = p_arn FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'execution % does not exist', p_arn USING ERRCODE = 'SWNFD';
            END IF;
            IF v_version <> p_expected_version THEN
                RAISE EXCEPTION 'execution % is at version %, not %', p_arn, v_version, p_expected_version
                    USING ERRCODE = 'SWVER';
            END IF;
            IF p_fence_name IS NOT NULL THEN
                PERFORM 1 FROM leases
                WHERE name = p_fence_name AND fencing_token = p_fence_token AND expires_at > p_date FOR SHARE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'lease % is no longer held with token %', p_fence_name, p_fence_token
                        USING ERRCODE = 'SWFEN';
                END IF;
            END IF;
            IF v_status <> 'RUNNING' AND p_status = 'RUNNING' THEN
                RAISE EXCEPTION 'execution % has already stopped', p_arn USING ERRCODE = 'SWTRN';
            END IF;
            UPDATE executions SET status = p_status, output = p_output, error = p_error, cause = p_cause,
                stop_date = p_stop_date, snapshot = p_snapshot, version = version + 1
            WHERE arn = p_arn;
            IF cardinality(p_delete_timer_ids) > 0 THEN
                DELETE FROM timers WHERE id = ANY(p_delete_timer_ids);
            END IF;
            IF p_status <> 'RUNNING' THEN
                DELETE FROM timers WHERE execution_arn = p_arn;
            END IF;
            PERFORM stepwise_insert_records(p_arn, \(recordArguments));
            IF cardinality(p_result_keys) > 0 THEN
                INSERT INTO processed_results (execution_arn, result_key)
                SELECT p_arn, k FROM unnest(p_result_keys) AS k ON CONFLICT DO NOTHING;
                GET DIAGNOSTICS v_recorded = ROW_COUNT;
                IF v_recorded < cardinality(p_result_keys) THEN
                    RAISE EXCEPTION 'a result of % was already processed (keys %)', p_arn, p_result_keys
                        USING ERRCODE = 'SWDUP';
                END IF;
            END IF;
            IF v_status = 'RUNNING' AND p_status <> 'RUNNING' THEN
                UPDATE open_executions SET open_count = open_count - 1 WHERE account = v_account AND open_count > 0;
            END IF;
            RETURN v_version + 1;
        END
        $$
        """
}
