-- A non-transactional migration ran to the end, with its history event
-- ($1 version, $2 client, $3 pgapply version; with --ledger-format supabase,
-- dbmate or golang-migrate, from $4 on that tool's row). Returns the duration.
WITH finished AS (
    UPDATE {{ledger}}
    SET state = 'applied', statements_done = statements, statement_running = NULL, error = NULL,
        earlier_statements_done = NULL,
        duration_ms = (extract(epoch FROM pg_catalog.clock_timestamp() - applied_at) * 1000)::bigint
    WHERE version = $1
    RETURNING version, checksum, duration_ms
), event AS (
    INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
    SELECT version, 'applied', $2, checksum, NULL, $3 FROM finished
){{companion}}
SELECT duration_ms FROM finished;
