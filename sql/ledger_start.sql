-- A non-transactional migration starts: record it as running, so that a run
-- that dies part way is never mistaken for one that did not start.
-- ($1 version, $2 name, $3 file_name, $4 checksum, $5 client, $6 statements, $7 pgapply version)
-- Running again after a failed or interrupted run (of an earlier version of
-- the file: up runs a failed file again only once it changed), the row keeps
-- the most statements any earlier run committed: they took effect, even if
-- this run stops sooner.
-- With --ledger-format golang-migrate, the WITH list marks that tool's row
-- dirty in the same statement (the first entry of the list, never read,
-- only opens the list).
WITH pgapply_start AS (SELECT){{companion}}
INSERT INTO {{ledger}} AS l
    (version, name, file_name, checksum, state, client, statements, statements_done,
     statement_running, transactional, method, pgapply_version, applied_at, applied_by, error)
VALUES ($1, $2, $3, $4, 'running', $5, $6::integer, 0, NULL, false, 'up', $7,
        pg_catalog.clock_timestamp(), current_user, NULL)
ON CONFLICT (version) DO UPDATE SET
    name = excluded.name, file_name = excluded.file_name, checksum = excluded.checksum,
    state = 'running', client = excluded.client, statements = excluded.statements,
    statements_done = 0, statement_running = NULL, transactional = false, method = 'up',
    earlier_statements_done = CASE WHEN l.state = 'applied' THEN NULL
                                   ELSE nullif(greatest(l.earlier_statements_done, l.statements_done), 0) END,
    source = NULL, pgapply_version = excluded.pgapply_version, applied_at = excluded.applied_at,
    applied_by = excluded.applied_by, error = NULL, duration_ms = NULL;
