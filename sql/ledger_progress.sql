-- A non-transactional migration has committed its first $2 statements.
UPDATE {{ledger}} SET statements_done = $2::integer WHERE version = $1::numeric;
