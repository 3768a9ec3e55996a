import Store

/// Migration 5: a shard's batch of commits in one statement.
///
/// `stepwise_commit_batch` applies each commit through `stepwise_commit`, each inside a
/// `BEGIN … EXCEPTION` block (a subtransaction), so each stays atomic on its own and a refused one
/// (version, fence, a repeated key) is rolled back alone; the others commit together: one network
/// round trip and one WAL flush for the batch instead of one of each per execution.
///
/// Scalars arrive as one array per column, an element per commit. Values that may be absent
/// (output, error, cause, stop date, fence) are named absent by bits of `p_absent` (postgres-nio
/// encodes no NULL array elements): 1 output, 2 error, 4 cause, 8 stop date, 16 fence. Each
/// commit's own rows (timer ids to delete, result keys, events, timers, outbox messages) are
/// slices of one array per column, the commit's slice ending at its `…_ends` element.
///
/// Returns `versions` (the new version, 0 for a refused commit) and `codes` (`''`, or the
/// SQLSTATE of the refusal: one of ``errorCodes``, `23505` for a repeated id).
extension PostgresSchema {
    static let commitBatchFunction = """
        CREATE FUNCTION stepwise_commit_batch(
            p_arns TEXT[], p_expected_versions BIGINT[], p_fence_names TEXT[], p_fence_tokens BIGINT[], p_dates BIGINT[],
            p_statuses TEXT[], p_outputs TEXT[], p_errors TEXT[], p_causes TEXT[], p_stop_dates BIGINT[],
            p_snapshots BYTEA[], p_absent INT[],
            p_delete_timer_ids TEXT[], p_delete_timer_ends INT[], p_result_keys TEXT[], p_result_key_ends INT[],
            p_event_ends INT[], p_timer_ends INT[], p_outbox_ends INT[],
            \(recordParameters),
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
            versions := '{}';
            codes := '{}';
            FOR i IN 1 .. coalesce(cardinality(p_arns), 0) LOOP
                BEGIN
                    versions := versions || stepwise_commit(
                        p_arns[i], p_expected_versions[i],
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
                        coalesce(p_event_ids[e + 1 : p_event_ends[i]], '{}'),
                        coalesce(p_event_previous_ids[e + 1 : p_event_ends[i]], '{}'),
                        coalesce(p_event_timestamps[e + 1 : p_event_ends[i]], '{}'),
                        coalesce(p_event_types[e + 1 : p_event_ends[i]], '{}'),
                        coalesce(p_event_details[e + 1 : p_event_ends[i]], '{}'),
                        coalesce(p_timer_ids[t + 1 : p_timer_ends[i]], '{}'),
                        coalesce(p_timer_executions[t + 1 : p_timer_ends[i]], '{}'),
                        coalesce(p_timer_due_dates[t + 1 : p_timer_ends[i]], '{}'),
                        coalesce(p_timer_payloads[t + 1 : p_timer_ends[i]], '{}'),
                        coalesce(p_outbox_executions[o + 1 : p_outbox_ends[i]], '{}'),
                        coalesce(p_outbox_exchanges[o + 1 : p_outbox_ends[i]], '{}'),
                        coalesce(p_outbox_routing_keys[o + 1 : p_outbox_ends[i]], '{}'),
                        coalesce(p_outbox_bodies[o + 1 : p_outbox_ends[i]], '{}'),
                        coalesce(p_outbox_headers[o + 1 : p_outbox_ends[i]], '{}'),
                        coalesce(p_outbox_created_dates[o + 1 : p_outbox_ends[i]], '{}'));
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
