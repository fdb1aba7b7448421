-- Records a migration as applied ($1 version ... $10 method). Replaces the row
-- of an earlier failed run of the same version.
INSERT INTO {{ledger}} AS l
    (version, name, file_name, checksum, state, client, duration_ms, statements,
     statements_done, transactional, method, pgapply_version, applied_at, applied_by, error)
VALUES ($1::numeric, $2, $3, $4, 'applied', $5, $6::bigint, $7::integer, $7::integer,
        $8::boolean, $9, $10, clock_timestamp(), current_user, NULL)
ON CONFLICT (version) DO UPDATE SET
    name = excluded.name, file_name = excluded.file_name, checksum = excluded.checksum,
    state = 'applied', client = excluded.client, duration_ms = excluded.duration_ms,
    statements = excluded.statements, statements_done = excluded.statements_done,
    transactional = excluded.transactional, method = excluded.method,
    pgapply_version = excluded.pgapply_version, applied_at = excluded.applied_at,
    applied_by = excluded.applied_by, error = NULL;
