-- A Supabase CLI history table made before mid-2023 (version alone) gets the
-- columns later CLIs added, as the next `supabase db push` would add them
-- (pkg/migration/history.go: ADD_STATEMENTS_COLUMN, ADD_NAME_COLUMN).
-- Run only when one is missing: ALTER TABLE needs the table's owner even
-- where IF NOT EXISTS makes it change nothing.
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
