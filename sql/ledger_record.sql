-- Records a migration as applied, with its history event, in one statement:
-- $1 version, $2 name, $3 file_name, $4 checksum, $5 client, $6 statements,
-- $7 transactional, $8 method, $9 pgapply version, $10 history event,
-- $11 source, $12 applied_at, $13 applied_by (NULL: now, current_user),
-- $14 the history event's reason, $15 whether it records a file in the
-- transaction pgapply began for it (as in sql/ledger_insert.sql); with
-- --ledger-format supabase, dbmate or golang-migrate, from $16 on what that
-- tool keeps (sql/<tool>_record.sql).
-- Replaces the row of an earlier failed run of the same version (a version
-- without a row: sql/ledger_insert.sql). The duration is the server's, since
-- pgapply.started (set when the file's transaction began); NULL when unset
-- (baseline, repair). Returns it.
WITH recorded AS (
    INSERT INTO {{ledger}} AS l
        (version, name, file_name, checksum, state, client, duration_ms, statements,
         statements_done, statement_running, transactional, method, source,
         pgapply_version, applied_at, applied_by, error)
    VALUES ($1, $2, $3, $4, 'applied', $5,
            ((extract(epoch FROM pg_catalog.clock_timestamp())
                     - coalesce(nullif(pg_catalog.current_setting('pgapply.started', true), ''),
                                CASE WHEN $15::boolean THEN 'pgapply: the file ended the transaction pgapply runs it in (a COMMIT or ROLLBACK it ran itself), so what followed ran outside it; the file is not recorded' END
                               )::numeric) * 1000)::bigint,
            $6::integer, $6::integer, NULL, $7::boolean, $8, $11, $9,
            coalesce($12::pg_catalog.timestamptz, pg_catalog.clock_timestamp()), coalesce($13, current_user), NULL)
    ON CONFLICT (version) DO UPDATE SET
        name = excluded.name, file_name = excluded.file_name, checksum = excluded.checksum,
        state = 'applied', client = excluded.client, duration_ms = excluded.duration_ms,
        statements = excluded.statements, statements_done = excluded.statements_done,
        statement_running = NULL, transactional = excluded.transactional,
        method = excluded.method, source = excluded.source,
        pgapply_version = excluded.pgapply_version, applied_at = excluded.applied_at,
        applied_by = excluded.applied_by, error = NULL, earlier_statements_done = NULL
    RETURNING version, checksum, duration_ms
), event AS (
    INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
    SELECT version, $10, $5, checksum, $14, $9 FROM recorded
){{companion}}
SELECT duration_ms FROM recorded;
