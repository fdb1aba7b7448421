-- Whether the Supabase CLI's history table exists (--ledger-format supabase:
-- pgapply creates it as the CLI does when it does not).
SELECT to_regclass('supabase_migrations.schema_migrations') IS NOT NULL AS present;
