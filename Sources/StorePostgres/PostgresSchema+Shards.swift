/// Migration 6: shard-scoped polling, creates in batches, closes counted per shard, and the
/// StartExecution bucket in the store.
///
/// - Timers and outbox rows carry their execution's shard (``ExecutionShards``), and the pollers
///   read them through indexes that lead with it, so a coordinator reads only its own shards' rows.
/// - The open-execution count no longer lives on one row that every create and every finishing
///   commit updates (the two waited on each other's row lock until commit). An account's row counts
///   executions *opened* (`open_count`, as before), and `execution_closes` counts those that ended,
///   one row per account and shard: a shard's commits are serial, so they never wait on each other
///   nor on creates. A create locks the account's row, then reads the closes: closes only grow, so a
///   stale read can only overestimate what is open, and creators are serialised by the row lock, so
///   the limit stays exact (never exceeded).
/// - The StartExecution bucket is two columns of the account's row (``StartBucket``), taken in the
///   create's transaction under the same lock: no extra round trip.
/// - `stepwise_create_batch` creates several executions in one statement, each in a subtransaction
///   of its own (as `stepwise_commit_batch` commits).
///
/// Older rows get their shard from ``PostgresExecutionStore/fillShards(_:)`` after the migration.
extension PostgresSchema {
    /// The record parameters from migration 6 on: as ``recordParameters`` with a shard per timer and
    /// per outbox message.
    static let recordParametersV6 = """
        p_event_ids BIGINT[], p_event_previous_ids BIGINT[], p_event_timestamps BIGINT[], p_event_types TEXT[],
        p_event_details TEXT[],
        p_timer_ids TEXT[], p_timer_executions TEXT[], p_timer_due_dates BIGINT[], p_timer_payloads TEXT[],
        p_timer_shards INT[],
        p_outbox_executions TEXT[], p_outbox_exchanges TEXT[], p_outbox_routing_keys TEXT[], p_outbox_bodies BYTEA[],
        p_outbox_headers TEXT[], p_outbox_created_dates BIGINT[], p_outbox_shards INT[]
        """

    static let recordArgumentsV6 = """
        p_event_ids, p_event_previous_ids, p_event_timestamps, p_event_types, p_event_details,
        p_timer_ids, p_timer_executions, p_timer_due_dates, p_timer_payloads, p_timer_shards,
        p_outbox_executions, p_outbox_exchanges, p_outbox_routing_keys, p_outbox_bodies, p_outbox_headers,
        p_outbox_created_dates, p_outbox_shards
        """

    /// The record arguments of element `i` of a batch: slices of each column array (`e`, `t` and
    /// `o` are where the previous element's events, timers and outbox messages ended).
    static let recordSlicesV6 = """
        coalesce(p_event_ids[e + 1 : p_event_ends[i]], '{}'),
        coalesce(p_event_previous_ids[e + 1 : p_event_ends[i]], '{}'),
        coalesce(p_event_timestamps[e + 1 : p_event_ends[i]], '{}'),
        coalesce(p_event_types[e + 1 : p_event_ends[i]], '{}'),
        coalesce(p_event_details[e + 1 : p_event_ends[i]], '{}'),
        coalesce(p_timer_ids[t + 1 : p_timer_ends[i]], '{}'),
        coalesce(p_timer_executions[t + 1 : p_timer_ends[i]], '{}'),
        coalesce(p_timer_due_dates[t + 1 : p_timer_ends[i]], '{}'),
        coalesce(p_timer_payloads[t + 1 : p_timer_ends[i]], '{}'),
        coalesce(p_timer_shards[t + 1 : p_timer_ends[i]], '{}'),
        coalesce(p_outbox_executions[o + 1 : p_outbox_ends[i]], '{}'),
        coalesce(p_outbox_exchanges[o + 1 : p_outbox_ends[i]], '{}'),
        coalesce(p_outbox_routing_keys[o + 1 : p_outbox_ends[i]], '{}'),
        coalesce(p_outbox_bodies[o + 1 : p_outbox_ends[i]], '{}'),
        coalesce(p_outbox_headers[o + 1 : p_outbox_ends[i]], '{}'),
        coalesce(p_outbox_created_dates[o + 1 : p_outbox_ends[i]], '{}'),
        coalesce(p_outbox_shards[o + 1 : p_outbox_ends[i]], '{}')
        """

    static let shardMigration: [String] = [
        "ALTER TABLE timers ADD COLUMN shard INT",
        "ALTER TABLE outbox ADD COLUMN shard INT",
        "DROP INDEX timers_by_due_date",
        "CREATE INDEX timers_by_shard ON timers (shard, due_date, id)",
        "CREATE INDEX outbox_by_shard ON outbox (shard, id)",
        "CREATE TABLE execution_closes (account TEXT NOT NULL, shard INT NOT NULL, closed BIGINT NOT NULL, PRIMARY KEY (account, shard))",
        "ALTER TABLE open_executions ADD COLUMN tokens DOUBLE PRECISION, ADD COLUMN counted_at BIGINT",
        // Executions that ended before this migration were taken off open_count already.
        "DROP FUNCTION stepwise_commit_batch",
        "DROP FUNCTION stepwise_commit",
        "DROP FUNCTION stepwise_create_execution",
        "DROP FUNCTION stepwise_insert_records",
        insertRecordsV6, openCountV6, takeTokenV6, createExecutionV6, createBatchV6, commitV6, spansV6, commitSetV6,
        commitBatchV6,
    ]

    static let insertRecordsV6 = """
        CREATE FUNCTION stepwise_insert_records(
            p_arn TEXT,
            \(recordParametersV6)
        ) RETURNS VOID LANGUAGE plpgsql AS $$
        BEGIN
            IF cardinality(p_event_ids) > 0 THEN
                INSERT INTO history_events (execution_arn, id, previous_event_id, timestamp, type, details)
                SELECT p_arn, e.* FROM unnest(p_event_ids, p_event_previous_ids, p_event_timestamps, p_event_types,
                                              p_event_details) AS e;
            END IF;
            IF cardinality(p_timer_ids) > 0 THEN
                INSERT INTO timers (id, execution_arn, due_date, payload, shard)
                SELECT * FROM unnest(p_timer_ids, p_timer_executions, p_timer_due_dates, p_timer_payloads, p_timer_shards);
            END IF;
            IF cardinality(p_outbox_executions) > 0 THEN
                INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date, shard)
                SELECT m.execution_arn, m.exchange, m.routing_key, m.body, m.headers, m.created_date, m.shard
                FROM unnest(p_outbox_executions, p_outbox_exchanges, p_outbox_routing_keys, p_outbox_bodies,
                            p_outbox_headers, p_outbox_created_dates, p_outbox_shards)
                     WITH ORDINALITY AS m (execution_arn, exchange, routing_key, body, headers, created_date, shard, n)
                ORDER BY m.n;
            END IF;
        END
        $$
        """

    /// `stepwise_open_count(account) → BIGINT`: executions opened minus those closed.
    static let openCountV6 = """
        CREATE FUNCTION stepwise_open_count(p_account TEXT) RETURNS BIGINT LANGUAGE sql STABLE AS $$
            SELECT coalesce((SELECT open_count FROM open_executions WHERE account = p_account), 0)
                 - coalesce((SELECT sum(closed) FROM execution_closes WHERE account = p_account), 0)::BIGINT
        $$
        """

    /// `stepwise_take_token(account, capacity, refill per second, now) → BOOLEAN`: takes a token
    /// from the account's locked row, or answers false when the bucket is empty (see
    /// ``StartBucket/level(tokens:counted:now:)``).
    static let takeTokenV6 = """
        CREATE FUNCTION stepwise_take_token(
            p_account TEXT, p_capacity DOUBLE PRECISION, p_refill DOUBLE PRECISION, p_now BIGINT
        ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
        DECLARE
            v_tokens DOUBLE PRECISION;
            v_counted BIGINT;
        BEGIN
            INSERT INTO open_executions (account, open_count) VALUES (p_account, 0) ON CONFLICT DO NOTHING;
            SELECT tokens, counted_at INTO v_tokens, v_counted FROM open_executions WHERE account = p_account FOR UPDATE;
            IF v_tokens IS NULL OR v_counted IS NULL THEN
                v_tokens := p_capacity;
                v_counted := p_now;
            END IF;
            v_tokens := least(p_capacity, v_tokens + greatest(0, p_now - v_counted) / 1000.0 * p_refill);
            IF v_tokens < 1 THEN
                RETURN FALSE;
            END IF;
            UPDATE open_executions SET tokens = v_tokens - 1, counted_at = greatest(v_counted, p_now)
            WHERE account = p_account;
            RETURN TRUE;
        END
        $$
        """

    /// `stepwise_create_execution(16 execution columns, shard, open limit, record arrays) → BOOLEAN`:
    /// `false` (nothing written) when the ARN or the name is taken. The slot is taken under the
    /// account row's lock.
    static let createExecutionV6 = """
        CREATE FUNCTION stepwise_create_execution(
            p_arn TEXT, p_account TEXT, p_state_machine_arn TEXT, p_revision_id TEXT, p_name TEXT, p_status TEXT,
            p_input TEXT, p_output TEXT, p_error TEXT, p_cause TEXT, p_start_date BIGINT, p_stop_date BIGINT,
            p_parent_arn TEXT, p_root_arn TEXT, p_version BIGINT, p_snapshot BYTEA, p_shard INT, p_open_limit BIGINT,
            \(recordParametersV6)
        ) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
        DECLARE
            v_opened BIGINT;
            v_closed BIGINT;
        BEGIN
            INSERT INTO executions (arn, account, state_machine_arn, revision_id, name, status, input, output, error,
                                    cause, start_date, stop_date, parent_arn, root_arn, version, snapshot)
            VALUES (p_arn, p_account, p_state_machine_arn, p_revision_id, p_name, p_status, p_input, p_output, p_error,
                    p_cause, p_start_date, p_stop_date, p_parent_arn, p_root_arn, p_version, p_snapshot)
            ON CONFLICT DO NOTHING;
            IF NOT FOUND THEN
                RETURN FALSE;
            END IF;
            PERFORM stepwise_insert_records(p_arn, \(recordArgumentsV6));
            INSERT INTO open_executions (account, open_count) VALUES (p_account, 0) ON CONFLICT DO NOTHING;
            UPDATE open_executions SET open_count = open_count + CASE WHEN p_status = 'RUNNING' THEN 1 ELSE 0 END
            WHERE account = p_account RETURNING open_count INTO v_opened;
            -- The row is locked: creators are serialised. Closes only grow, so a stale sum overestimates.
            SELECT coalesce(sum(closed), 0) INTO v_closed FROM execution_closes WHERE account = p_account;
            IF (p_status = 'RUNNING' AND v_opened - v_closed > p_open_limit)
               OR (p_status <> 'RUNNING' AND v_opened - v_closed >= p_open_limit) THEN
                RAISE EXCEPTION 'account % has % open executions', p_account, p_open_limit USING ERRCODE = 'SWLIM';
            END IF;
            RETURN TRUE;
        END
        $$
        """

    /// `stepwise_create_batch(column arrays) → codes`: each create takes a token from its account's
    /// StartExecution bucket when it has one (an empty bucket: code `SWTHR`, nothing else done), then
    /// goes through `stepwise_create_execution` in a subtransaction of its own. A token stays taken
    /// when the create is refused (as AWS counts every StartExecution call against the bucket). A code
    /// per create: `''` created, `SWEXI` the name is taken, or the SQLSTATE that refused it. Absent values are bits of `p_absent`: 1 output, 2 error, 4 cause,
    /// 8 stop date, 16 parent, 32 bucket. Callers order the creates by account, so that concurrent
    /// batches lock account rows in the same order.
    static let createBatchV6 = """
        CREATE FUNCTION stepwise_create_batch(
            p_arns TEXT[], p_accounts TEXT[], p_state_machine_arns TEXT[], p_revision_ids TEXT[], p_names TEXT[],
            p_statuses TEXT[], p_inputs TEXT[], p_outputs TEXT[], p_errors TEXT[], p_causes TEXT[], p_start_dates BIGINT[],
            p_stop_dates BIGINT[], p_parent_arns TEXT[], p_root_arns TEXT[], p_versions BIGINT[], p_snapshots BYTEA[],
            p_shards INT[], p_open_limits BIGINT[], p_bucket_capacities DOUBLE PRECISION[],
            p_bucket_refills DOUBLE PRECISION[], p_absent INT[],
            p_event_ends INT[], p_timer_ends INT[], p_outbox_ends INT[],
            \(recordParametersV6),
            OUT codes TEXT[]
        ) LANGUAGE plpgsql AS $$
        DECLARE
            i INT;
            e INT := 0;
            t INT := 0;
            o INT := 0;
            v_token BOOLEAN;
        BEGIN
            codes := '{}';
            FOR i IN 1 .. coalesce(cardinality(p_arns), 0) LOOP
                v_token := TRUE;
                IF p_absent[i] & 32 = 0 THEN
                    v_token := stepwise_take_token(p_accounts[i], p_bucket_capacities[i], p_bucket_refills[i], p_start_dates[i]);
                END IF;
                IF NOT v_token THEN
                    codes := codes || 'SWTHR'::TEXT;
                ELSE
                BEGIN
                    IF stepwise_create_execution(
                        p_arns[i], p_accounts[i], p_state_machine_arns[i], p_revision_ids[i], p_names[i], p_statuses[i],
                        p_inputs[i],
                        CASE WHEN p_absent[i] & 1 = 0 THEN p_outputs[i] END,
                        CASE WHEN p_absent[i] & 2 = 0 THEN p_errors[i] END,
                        CASE WHEN p_absent[i] & 4 = 0 THEN p_causes[i] END,
                        p_start_dates[i],
                        CASE WHEN p_absent[i] & 8 = 0 THEN p_stop_dates[i] END,
                        CASE WHEN p_absent[i] & 16 = 0 THEN p_parent_arns[i] END,
                        p_root_arns[i], p_versions[i], p_snapshots[i], p_shards[i], p_open_limits[i],
                        \(recordSlicesV6)) THEN
                        codes := codes || ''::TEXT;
                    ELSE
                        codes := codes || 'SWEXI'::TEXT;
                    END IF;
                EXCEPTION WHEN OTHERS THEN
                    codes := codes || SQLSTATE::TEXT;
                END;
                END IF;
                e := p_event_ends[i];
                t := p_timer_ends[i];
                o := p_outbox_ends[i];
            END LOOP;
        END
        $$
        """

    /// `stepwise_commit` from migration 6: as before, with the execution's shard, and an execution
    /// that ends adds one to its shard's closes instead of taking one off the account's row.
    static let commitV6 = """
        CREATE FUNCTION stepwise_commit(
            p_arn TEXT, p_shard INT, p_expected_version BIGINT, p_fence_name TEXT, p_fence_token BIGINT, p_date BIGINT,
            p_status TEXT, p_output TEXT, p_error TEXT, p_cause TEXT, p_stop_date BIGINT, p_snapshot BYTEA,
            p_delete_timer_ids TEXT[], p_result_keys TEXT[],
            \(recordParametersV6)
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
            PERFORM stepwise_insert_records(p_arn, \(recordArgumentsV6));
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
                INSERT INTO execution_closes AS c (account, shard, closed) VALUES (v_account, p_shard, 1)
                ON CONFLICT (account, shard) DO UPDATE SET closed = c.closed + 1;
            END IF;
            RETURN v_version + 1;
        END
        $$
        """

    /// `stepwise_commit_batch` from migration 6: the batch through `stepwise_commit_set` (set by set,
    /// in a subtransaction); when that raises, as migration 5's: each commit through
    /// `stepwise_commit` in a subtransaction of its own, with a shard per commit and per record.
    static let commitBatchV6 = """
        CREATE FUNCTION stepwise_commit_batch(
            p_arns TEXT[], p_shards INT[], p_expected_versions BIGINT[], p_fence_names TEXT[], p_fence_tokens BIGINT[],
            p_dates BIGINT[], p_statuses TEXT[], p_outputs TEXT[], p_errors TEXT[], p_causes TEXT[], p_stop_dates BIGINT[],
            p_snapshots BYTEA[], p_absent INT[],
            p_delete_timer_ids TEXT[], p_delete_timer_ends INT[], p_result_keys TEXT[], p_result_key_ends INT[],
            p_event_ends INT[], p_timer_ends INT[], p_outbox_ends INT[],
            \(recordParametersV6),
            OUT versions BIGINT[], OUT codes TEXT[]
        ) LANGUAGE plpgsql AS $$
        DECLARE
            i INT;
            d INT := 0;
            r INT := 0;
            e INT := 0;
            t INT := 0;
            o INT := 0;
        BEGIN
            BEGIN
                SELECT s.versions, s.codes INTO versions, codes FROM stepwise_commit_set(\(batchArgumentsV6)) AS s;
                RETURN;
            EXCEPTION WHEN OTHERS THEN
                NULL;  -- one commit at a time below
            END;
            versions := '{}';
            codes := '{}';
            FOR i IN 1 .. coalesce(cardinality(p_arns), 0) LOOP
                BEGIN
                    versions := versions || stepwise_commit(
                        p_arns[i], p_shards[i], p_expected_versions[i],
                        CASE WHEN p_absent[i] & 16 = 0 THEN p_fence_names[i] END,
                        CASE WHEN p_absent[i] & 16 = 0 THEN p_fence_tokens[i] END,
                        p_dates[i], p_statuses[i],
                        CASE WHEN p_absent[i] & 1 = 0 THEN p_outputs[i] END,
                        CASE WHEN p_absent[i] & 2 = 0 THEN p_errors[i] END,
                        CASE WHEN p_absent[i] & 4 = 0 THEN p_causes[i] END,
                        CASE WHEN p_absent[i] & 8 = 0 THEN p_stop_dates[i] END,
                        p_snapshots[i],
                        coalesce(p_delete_timer_ids[d + 1 : p_delete_timer_ends[i]], '{}'),
                        coalesce(p_result_keys[r + 1 : p_result_key_ends[i]], '{}'),
                        \(recordSlicesV6));
                    codes := codes || ''::TEXT;
                EXCEPTION WHEN OTHERS THEN
                    versions := versions || 0::BIGINT;
                    codes := codes || SQLSTATE::TEXT;
                END;
                d := p_delete_timer_ends[i];
                r := p_result_key_ends[i];
                e := p_event_ends[i];
                t := p_timer_ends[i];
                o := p_outbox_ends[i];
            END LOOP;
        END
        $$
        """
}
