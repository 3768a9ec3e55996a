extension PostgresSchema {
    /// The parameters `stepwise_commit_batch` and `stepwise_commit_set` share (migration 6).
    static let batchParametersV6 = """
        p_arns TEXT[], p_shards INT[], p_expected_versions BIGINT[], p_fence_names TEXT[], p_fence_tokens BIGINT[],
        p_dates BIGINT[], p_statuses TEXT[], p_outputs TEXT[], p_errors TEXT[], p_causes TEXT[], p_stop_dates BIGINT[],
        p_snapshots BYTEA[], p_absent INT[],
        p_delete_timer_ids TEXT[], p_delete_timer_ends INT[], p_result_keys TEXT[], p_result_key_ends INT[],
        p_event_ends INT[], p_timer_ends INT[], p_outbox_ends INT[],
        \(recordParametersV6)
        """

    static let batchArgumentsV6 = """
        p_arns, p_shards, p_expected_versions, p_fence_names, p_fence_tokens, p_dates, p_statuses, p_outputs, p_errors,
        p_causes, p_stop_dates, p_snapshots, p_absent, p_delete_timer_ids, p_delete_timer_ends, p_result_keys,
        p_result_key_ends, p_event_ends, p_timer_ends, p_outbox_ends,
        \(recordArgumentsV6)
        """

    /// `stepwise_spans(ends) → INT[]`: for element j of arrays sliced by `ends` (element i's slice
    /// ends at `ends[i]`), the i it belongs to.
    static let spansV6 = """
        CREATE FUNCTION stepwise_spans(p_ends INT[]) RETURNS INT[] LANGUAGE sql IMMUTABLE AS $$
            SELECT coalesce(array_agg(i ORDER BY i, j), '{}')
            FROM generate_series(1, coalesce(cardinality(p_ends), 0)) AS i,
                 generate_series(coalesce(p_ends[i - 1], 0) + 1, p_ends[i]) AS j
        $$
        """

    /// `stepwise_commit_set(batch columns) → (versions, codes)`: the batch set by set: the
    /// executions are locked in ARN order and every commit is checked at once (missing, version,
    /// fence, a stopped execution set running, a result key already processed: the same codes as
    /// `stepwise_commit`), then each table is written once for all the commits that pass. About a
    /// dozen statements per batch instead of a dozen per commit, and no subtransaction per commit.
    /// It raises (and `stepwise_commit_batch` falls back to one commit at a time) when an execution
    /// is twice in the batch or a write fails (a repeated event or timer id).
    static let commitSetV6 = """
        CREATE FUNCTION stepwise_commit_set(
            \(batchParametersV6),
            OUT versions BIGINT[], OUT codes TEXT[]
        ) LANGUAGE plpgsql AS $$
        DECLARE
            n INT := coalesce(cardinality(p_arns), 0);
            v_accounts TEXT[];
            v_statuses TEXT[];
        BEGIN
            IF (SELECT count(DISTINCT a) FROM unnest(p_arns) AS a) < n THEN
                RAISE EXCEPTION 'an execution is twice in the batch' USING ERRCODE = 'SWSET';
            END IF;
            PERFORM 1 FROM executions WHERE arn = ANY(p_arns) ORDER BY arn FOR UPDATE;
            PERFORM 1 FROM leases WHERE name = ANY(p_fence_names) ORDER BY name FOR SHARE;
            SELECT array_agg(CASE
                       WHEN x.arn IS NULL THEN 'SWNFD'
                       WHEN x.version <> v.expected THEN 'SWVER'
                       WHEN v.absent & 16 = 0 AND NOT EXISTS (
                           SELECT 1 FROM leases l
                           WHERE l.name = v.fence AND l.fencing_token = v.token AND l.expires_at > v.dt) THEN 'SWFEN'
                       WHEN x.status <> 'RUNNING' AND v.status = 'RUNNING' THEN 'SWTRN'
                       WHEN EXISTS (
                           SELECT 1 FROM unnest(p_result_keys[coalesce(p_result_key_ends[v.i::INT - 1], 0) + 1 : p_result_key_ends[v.i::INT]]) AS k
                           JOIN processed_results p ON p.execution_arn = v.arn AND p.result_key = k)
                         OR (SELECT count(*) <> count(DISTINCT k)
                             FROM unnest(p_result_keys[coalesce(p_result_key_ends[v.i::INT - 1], 0) + 1 : p_result_key_ends[v.i::INT]]) AS k)
                         THEN 'SWDUP'
                       ELSE '' END ORDER BY v.i),
                   array_agg(coalesce(x.version, 0) ORDER BY v.i),
                   array_agg(x.account ORDER BY v.i),
                   array_agg(x.status ORDER BY v.i)
            INTO codes, versions, v_accounts, v_statuses
            FROM unnest(p_arns, p_expected_versions, p_statuses, p_fence_names, p_fence_tokens, p_dates, p_absent)
                 WITH ORDINALITY AS v (arn, expected, status, fence, token, dt, absent, i)
            LEFT JOIN executions x ON x.arn = v.arn;
            versions := ARRAY(SELECT CASE WHEN codes[i] = '' THEN versions[i] + 1 ELSE 0 END FROM generate_series(1, n) AS i);

            UPDATE executions x SET status = v.status,
                output = CASE WHEN v.absent & 1 = 0 THEN v.output END,
                error = CASE WHEN v.absent & 2 = 0 THEN v.error END,
                cause = CASE WHEN v.absent & 4 = 0 THEN v.cause END,
                stop_date = CASE WHEN v.absent & 8 = 0 THEN v.stop_date END,
                snapshot = v.snapshot, version = x.version + 1
            FROM unnest(p_arns, p_statuses, p_outputs, p_errors, p_causes, p_stop_dates, p_snapshots, p_absent)
                 WITH ORDINALITY AS v (arn, status, output, error, cause, stop_date, snapshot, absent, i)
            WHERE x.arn = v.arn AND codes[v.i::INT] = '';
            DELETE FROM timers WHERE id = ANY(ARRAY(
                SELECT d.id FROM unnest(p_delete_timer_ids, stepwise_spans(p_delete_timer_ends)) AS d (id, c) WHERE codes[d.c] = ''));
            DELETE FROM timers WHERE execution_arn = ANY(ARRAY(
                SELECT p_arns[i] FROM generate_series(1, n) AS i WHERE codes[i] = '' AND p_statuses[i] <> 'RUNNING'));
            INSERT INTO history_events (execution_arn, id, previous_event_id, timestamp, type, details)
            SELECT p_arns[e.c], e.id, e.previous, e.ts, e.type, e.details
            FROM unnest(p_event_ids, p_event_previous_ids, p_event_timestamps, p_event_types, p_event_details,
                        stepwise_spans(p_event_ends)) AS e (id, previous, ts, type, details, c)
            WHERE codes[e.c] = '';
            INSERT INTO timers (id, execution_arn, due_date, payload, shard)
            SELECT t.id, t.execution_arn, t.due_date, t.payload, t.shard
            FROM unnest(p_timer_ids, p_timer_executions, p_timer_due_dates, p_timer_payloads, p_timer_shards,
                        stepwise_spans(p_timer_ends)) AS t (id, execution_arn, due_date, payload, shard, c)
            WHERE codes[t.c] = '';
            INSERT INTO outbox (execution_arn, exchange, routing_key, body, headers, created_date, shard)
            SELECT m.execution_arn, m.exchange, m.routing_key, m.body, m.headers, m.created_date, m.shard
            FROM unnest(p_outbox_executions, p_outbox_exchanges, p_outbox_routing_keys, p_outbox_bodies,
                        p_outbox_headers, p_outbox_created_dates, p_outbox_shards, stepwise_spans(p_outbox_ends))
                 WITH ORDINALITY AS m (execution_arn, exchange, routing_key, body, headers, created_date, shard, c, n)
            WHERE codes[m.c] = ''
            ORDER BY m.n;
            INSERT INTO processed_results (execution_arn, result_key)
            SELECT p_arns[k.c], k.key FROM unnest(p_result_keys, stepwise_spans(p_result_key_ends)) AS k (key, c)
            WHERE codes[k.c] = '';
            INSERT INTO execution_closes AS ec (account, shard, closed)
            SELECT v_accounts[i], p_shards[i], count(*) FROM generate_series(1, n) AS i
            WHERE codes[i] = '' AND v_statuses[i] = 'RUNNING' AND p_statuses[i] <> 'RUNNING'
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (account, shard) DO UPDATE SET closed = ec.closed + excluded.closed;
        END
        $$
        """
}
