-- Upgrades a format-2 ledger to format 3 (earlier_statements_done: what a
-- run of an earlier version of a failed file had committed), in place and
-- under the migration lock; a format-1 ledger gets ledger_upgrade.sql first.
ALTER TABLE {{ledger}} ADD COLUMN IF NOT EXISTS earlier_statements_done integer;
COMMENT ON TABLE {{ledger}} IS 'pgapply ledger, format 3: migrations applied to this database';
COMMENT ON TABLE {{history}} IS 'pgapply ledger history, format 3';
