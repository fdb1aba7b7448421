-- The migrations session of a run that lost its connection to it ($1: its
-- pid), while the server still runs it: the batch it was sent goes on and
-- may still commit. pgapply ends it (it may: the session is its own user's)
-- before it reads the ledger again, and waits until it is gone. One row
-- while it is there, saying whether it was signalled now.
SELECT pg_catalog.pg_terminate_backend(pid) AS signalled
FROM pg_catalog.pg_stat_activity
WHERE pid = $1::int AND usename = current_user AND application_name LIKE 'pgapply: %';
