-- Appended to the WITH list of a statement that records a migration as
-- applied (--ledger-format golang-migrate), in the same statement and so the
-- same transaction. golang-migrate keeps ONE row, the version the database is
-- at: its SetVersion empties the table and inserts (version, dirty)
-- (golang-migrate/migrate, database/postgres/postgres.go). Here the version is
-- this migration's ({{version}}), or a higher one pgapply's ledger already
-- records as applied (a migration applied out of order leaves it where it
-- is); dirty false. The rows deleted and the row written are never the same
-- one, as one statement requires.
-- Versions that are no bigint (dotted, too long, a repeatable's key) are passed
-- over (nested CASEs: the order of evaluation is fixed only there).
, golang_migrate_version AS (
    SELECT greatest({{version}}::bigint,
                    max(CASE WHEN version ~ '^[0-9]{1,19}$' THEN
                             CASE WHEN version::numeric <= 9223372036854775807 THEN version::bigint END END)) AS version
    FROM {{ledger}}
    WHERE state = 'applied'
), golang_migrate_others AS (
    DELETE FROM {{table}} WHERE version <> (SELECT version FROM golang_migrate_version)
), golang_migrate_row AS (
    INSERT INTO {{table}} (version, dirty) SELECT version, false FROM golang_migrate_version
    ON CONFLICT (version) DO UPDATE SET dirty = false
)
