-- A non-transactional migration has committed its first $2 statements (run
-- in the same transaction as statement $2 where that statement allows it).
UPDATE {{ledger}} SET statements_done = $2::integer, statement_running = NULL WHERE version = $1;
