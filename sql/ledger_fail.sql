-- A non-transactional migration failed after $2 committed statements, with
-- its history event ($1 version, $3 error, $4 client, $5 pgapply version).
WITH failed AS (
    UPDATE {{ledger}}
    SET state = 'failed', statements_done = $2::integer, statement_running = NULL, error = $3,
        duration_ms = (extract(epoch FROM pg_catalog.clock_timestamp() - applied_at) * 1000)::bigint
    WHERE version = $1
    RETURNING version, checksum
)
INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
SELECT version, 'failed', $4, checksum, $3, $5 FROM failed;
