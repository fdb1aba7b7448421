-- Appended to the WITH list of a statement that removes a migration's ledger
-- row (--ledger-format supabase): the Supabase CLI's row goes with it.
, supabase_row AS (
    DELETE FROM supabase_migrations.schema_migrations WHERE version = {{version}}
)
