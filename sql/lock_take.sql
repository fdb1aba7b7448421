-- An attempt at the migration lock ($1, $2: its keys), with the
-- hand-over check of sql/lock_handover.sql in the same round trip ($3, $4:
-- the hand-over lock's keys, MigrationLock::handover_keys): when the lock is
-- taken, is the hand-over lock free (taken and let go at once). locked false:
-- another run holds the lock (free NULL). free false: a dead run's
-- migrations session still holds the hand-over lock; the caller waits for
-- it as lock_handover.sql does. (A CTE with a volatile function runs once,
-- before the query that reads it; handover reads attempt.)
WITH attempt AS (SELECT pg_try_advisory_lock($1::int, $2::int) AS locked),
     handover AS (SELECT CASE WHEN locked THEN pg_try_advisory_lock($3::int, $4::int) END AS free FROM attempt)
SELECT attempt.locked, handover.free,
       CASE WHEN handover.free THEN pg_advisory_unlock($3::int, $4::int) END AS let_go
FROM attempt, handover;
