-- dbmate's schema_migrations ({{table}}: in the current schema), created as
-- dbmate creates it (amacneil/dbmate, pkg/driver/postgres/postgres.go,
-- CreateMigrationsTable), for --ledger-format dbmate: pgapply keeps it in step
-- with its own ledger.
CREATE TABLE IF NOT EXISTS {{table}} (version varchar PRIMARY KEY);
