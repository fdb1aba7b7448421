-- A non-transactional migration failed after $2 committed statements.
UPDATE {{ledger}}
SET state = 'failed', statements_done = $2::integer, error = $3, duration_ms = $4::bigint
WHERE version = $1::numeric;
