-- A non-transactional migration is about to send statement $2, which cannot
-- run in a transaction block: should pgapply die before it answers, the
-- ledger says it may have taken effect.
UPDATE {{ledger}} SET statement_running = $2::integer WHERE version = $1;
