-- Appended to the WITH list of a statement that records a migration as
-- applied (--ledger-format supabase): the Supabase CLI's row for it, in the
-- same statement and so the same transaction. The CLI inserts (version, name,
-- statements); a row it already wrote is updated rather than refused.
, supabase_row AS (
    INSERT INTO supabase_migrations.schema_migrations (version, name, statements)
    VALUES ({{version}}, {{name}}, {{statements}}::text[])
    ON CONFLICT (version) DO UPDATE SET name = excluded.name, statements = excluded.statements
)
