-- A printed script's migration lock (up --dry-run, down --dry-run): the
-- session advisory lock a live run holds on the ledger ($1, $2: its keys),
-- taken as the script starts and held until its session ends, so that no
-- pgapply run applies or rolls back a file between the script's check of
-- what the ledger holds of it and the file itself; with the hand-over check
-- of sql/lock_take.sql ($3, $4): a killed run's migrations session that may
-- still commit. Never waited for: held elsewhere, the script fails at once
-- with the cast error of sql/ledger_still_pending.sql, $5 and $6 around the
-- pids that hold them. (A CTE with a volatile function runs once, before
-- the query that reads it; handover reads attempt.)
WITH attempt AS (SELECT pg_catalog.pg_try_advisory_lock($1::int, $2::int) AS locked),
     handover AS (SELECT CASE WHEN locked THEN pg_catalog.pg_try_advisory_lock($3::int, $4::int) END AS free
                  FROM attempt)
SELECT (CASE WHEN handover.free THEN CASE WHEN pg_catalog.pg_advisory_unlock($3::int, $4::int) THEN NULL END
             ELSE $5 || coalesce((SELECT string_agg(DISTINCT l.pid::text, ', ')
                                    FROM pg_catalog.pg_locks l
                                   WHERE l.locktype = 'advisory'
                                     AND l.database = (SELECT oid FROM pg_catalog.pg_database
                                                       WHERE datname = pg_catalog.current_database())
                                     AND ((l.classid = $1::int::oid AND l.objid = $2::int::oid)
                                          OR (l.classid = $3::int::oid AND l.objid = $4::int::oid))
                                     AND l.objsubid = 2 AND l.granted AND l.pid <> pg_catalog.pg_backend_pid()),
                                 'unknown') || $6
        END)::integer AS migration_lock
FROM attempt, handover;
