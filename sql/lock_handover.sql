-- With the migration lock held: is the hand-over lock free (then taken and
-- let go at once, in this statement), and else which sessions hold it: the
-- migrations session of a run that died or lost its lock, which may still
-- commit. $1, $2: the hand-over lock's keys (MigrationLock::handover_keys).
-- (A CTE with a volatile function runs once, before the query that reads it.)
WITH taken AS (SELECT pg_try_advisory_lock($1::int, $2::int) AS free)
SELECT taken.free,
       CASE WHEN taken.free THEN pg_advisory_unlock($1::int, $2::int) END AS let_go,
       (SELECT string_agg(l.pid::text, ', ' ORDER BY l.pid)
          FROM pg_locks l
         WHERE l.locktype = 'advisory'
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = $1::int::oid AND l.objid = $2::int::oid AND l.objsubid = 2
           AND l.granted AND l.pid <> pg_backend_pid()) AS pids
FROM taken;
