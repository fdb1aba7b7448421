-- With the migration lock held: is the hand-over lock free (then taken, to
-- be let go at once), and else which sessions hold it: the migrations
-- session of a run that died or lost its lock, which may still commit.
-- $1, $2: the hand-over lock's keys (MigrationLock::handover_keys).
SELECT pg_try_advisory_lock($1::int, $2::int) AS free,
       (SELECT string_agg(l.pid::text, ', ' ORDER BY l.pid)
          FROM pg_locks l
         WHERE l.locktype = 'advisory'
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = $1::int::oid AND l.objid = $2::int::oid AND l.objsubid = 2
           AND l.granted AND l.pid <> pg_backend_pid()) AS pids;
