-- Rolling back migration $1 outside a transaction, with its down file $4 of
-- $5 statements: its first $2 statements have committed, statement $3 is
-- running (NULL: none), and $6 is why it stopped (NULL while it runs). The
-- row stays applied until the rollback ends (then it goes), its error saying
-- what took effect: up, down and status refuse it, and say so, until repair
-- settles it. Once it stopped, its history event ($7 client, $8 pgapply version).
-- With --ledger-format golang-migrate, as the rollback starts, that tool's
-- row set dirty (sql/golang_migrate_dirty.sql), as golang-migrate does.
WITH marked AS (
    UPDATE {{ledger}}
    SET error = 'rollback by ' || $4 || ' '
                || CASE WHEN $6::text IS NULL THEN 'did not finish' ELSE 'failed' END || ': '
                || CASE WHEN $2::integer = 0 THEN 'none of its ' || $5 || ' statements'
                        WHEN $2::integer = 1 THEN 'statement 1 of ' || $5
                        ELSE 'statements 1-' || $2 || ' of ' || $5 END || ' took effect'
                || CASE WHEN $3::integer IS NULL THEN ''
                        ELSE ', and statement ' || $3 || ' was running (it may have taken effect)' END
                || coalesce(' (' || $6 || ')', '')
    WHERE version = $1 AND state = 'applied'
    RETURNING version, checksum, error
){{companion}}
INSERT INTO {{history}} (version, event, client, checksum, reason, pgapply_version)
SELECT version, 'rollback-failed', $7, checksum, error, $8 FROM marked WHERE $6::text IS NOT NULL;
