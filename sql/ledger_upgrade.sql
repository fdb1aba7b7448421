-- Upgrades a format-1 ledger (version numeric) to format 2 (version text,
-- statement_running, source), in place and under the migration lock. Format-1
-- versions are whole numbers, whose text is their canonical form.
DO $pgapply$
DECLARE
    check_name name;
BEGIN
    FOR check_name IN
        SELECT conname FROM pg_constraint
        WHERE conrelid = '{{ledger}}'::regclass AND contype = 'c'
          AND pg_get_constraintdef(oid) LIKE '%version%'
    LOOP
        EXECUTE format('ALTER TABLE {{ledger}} DROP CONSTRAINT %I', check_name);
    END LOOP;
END
$pgapply$;
ALTER TABLE {{ledger}} ALTER COLUMN version TYPE text USING version::text;
ALTER TABLE {{ledger}} ADD COLUMN IF NOT EXISTS statement_running integer;
ALTER TABLE {{ledger}} ADD COLUMN IF NOT EXISTS source text;
ALTER TABLE {{history}} ALTER COLUMN version TYPE text USING version::text;
COMMENT ON TABLE {{ledger}} IS 'pgapply ledger, format 2: migrations applied to this database';
COMMENT ON TABLE {{history}} IS 'pgapply ledger history, format 2';
