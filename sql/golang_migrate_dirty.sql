-- Appended to the WITH list of the statement that records a migration run
-- outside a transaction as started (--ledger-format golang-migrate). As
-- golang-migrate does before it runs a migration (SetVersion(version, true):
-- golang-migrate/migrate, migrate.go, runMigrations), its one row becomes
-- this version ({{version}}), dirty: a run that fails or dies part way leaves
-- it so, and golang-migrate then refuses to run until the database is fixed
-- (migrate force), where it would otherwise run the file again from its first
-- statement. The finished run's record writes the row clean. (A migration in
-- a transaction needs no such mark: it took effect whole or not at all.)
, golang_migrate_others AS (
    DELETE FROM {{table}} WHERE version <> {{version}}::bigint
), golang_migrate_row AS (
    INSERT INTO {{table}} (version, dirty) VALUES ({{version}}::bigint, true)
    ON CONFLICT (version) DO UPDATE SET dirty = true
)
