-- golang-migrate's schema_migrations ({{table}}: in the current schema),
-- created as golang-migrate creates it (golang-migrate/migrate,
-- database/postgres/postgres.go, ensureVersionTable), for --ledger-format
-- golang-migrate: pgapply keeps it in step with its own ledger.
CREATE TABLE IF NOT EXISTS {{table}} (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
