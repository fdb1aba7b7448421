-- Records as applied a migration that has no row yet (up's usual case), the
-- history event following as its own statement (sql/history_record.sql):
-- $1 version, $2 name, $3 file_name, $4 checksum, $5 client, $6 statements,
-- $7 transactional, $8 source, $9 pgapply version, $10 whether it records
-- a file in the transaction pgapply began for it (then pgapply.started must
-- still be set: a file that ended that transaction itself fails here, cast
-- errors being the only ones plain SQL can raise). The server plans this
-- plain INSERT in about half the time of ledger_record.sql's upsert with its
-- history event (scripts/bench files), which up pays once per file. The
-- duration is the server's, since pgapply.started (set when the file's
-- transaction began: not now(), which is when the batch arrived). Returns it.
INSERT INTO {{ledger}}
    (version, name, file_name, checksum, state, client, duration_ms, statements,
     statements_done, transactional, method, source, pgapply_version)
VALUES ($1, $2, $3, $4, 'applied', $5,
        ((extract(epoch FROM pg_catalog.clock_timestamp())
                 - coalesce(nullif(pg_catalog.current_setting('pgapply.started', true), ''),
                            CASE WHEN $10::boolean THEN 'pgapply: the file ended the transaction pgapply runs it in (a COMMIT or ROLLBACK it ran itself), so what followed ran outside it; the file is not recorded' END
                           )::numeric) * 1000)::bigint,
        $6::integer, $6::integer, $7::boolean, 'up', $8, $9)
RETURNING duration_ms;
