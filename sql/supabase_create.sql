-- The Supabase CLI's migration history, created as the CLI creates it
-- (supabase/cli, pkg/migration/history.go, CreateMigrationTable), for
-- --ledger-format supabase: pgapply keeps it in step with its own ledger.
CREATE SCHEMA IF NOT EXISTS supabase_migrations;
CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
