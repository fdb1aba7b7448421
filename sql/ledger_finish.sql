-- A non-transactional migration ran to the end.
UPDATE {{ledger}}
SET state = 'applied', statements_done = statements, duration_ms = $2::bigint, error = NULL
WHERE version = $1::numeric;
