-- repair --clear-failed of a migration that ran outside a transaction and
-- failed or was interrupted: up runs it again from its first statement. The
-- row stays, failed, its checksum emptied (up runs it again whatever the
-- file is now), and keeps the most statements any run of it committed
-- (earlier_statements_done): they took effect, whatever the next run does.
-- With --ledger-format golang-migrate, the dirty row the failed run left
-- there becomes the highest version still applied, clean, as
-- migrate force would make it.
-- ($1 version, $2 client, $3 reason, $4 pgapply version)
WITH cleared AS (
    UPDATE {{ledger}}
    SET state = 'failed', checksum = '', statement_running = NULL, statements_done = 0,
        earlier_statements_done = nullif(greatest(coalesce(earlier_statements_done, 0), statements_done), 0)
    WHERE version = $1 AND state <> 'applied'
    RETURNING version
){{companion}}
INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
SELECT version, 'repair:clear-failed', $2, NULL, $3, $4 FROM cleared;
