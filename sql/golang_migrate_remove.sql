-- Appended to the WITH list of a statement that removes a migration's ledger
-- row ($1, --ledger-format golang-migrate): golang-migrate's one row becomes
-- the highest version still applied (dirty false), or goes when none is, as
-- golang-migrate's own rollback leaves it (database/postgres/postgres.go,
-- SetVersion). The deleted row is still visible to this statement: it is
-- left out by its version.
-- Versions that are no bigint (dotted, too long, a repeatable's key) are passed
-- over (nested CASEs: the order of evaluation is fixed only there).
, golang_migrate_version AS (
    SELECT max(CASE WHEN version ~ '^[0-9]{1,19}$' THEN
                    CASE WHEN version::numeric <= 9223372036854775807 THEN version::bigint END END) AS version
    FROM {{ledger}}
    WHERE state = 'applied' AND version <> $1
), golang_migrate_others AS (
    DELETE FROM {{table}} WHERE version IS DISTINCT FROM (SELECT version FROM golang_migrate_version)
), golang_migrate_row AS (
    INSERT INTO {{table}} (version, dirty) SELECT version, false FROM golang_migrate_version
    WHERE version IS NOT NULL
    ON CONFLICT (version) DO UPDATE SET dirty = false
)
