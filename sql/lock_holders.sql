-- Who holds pgapply's advisory lock ($1, $2: its two int4 keys): what an
-- operator needs to find the other run. pgapply holds the lock on a
-- connection of its own, whose application_name names the connection its
-- migrations run on ("... pid 123"): that one says what the run is doing.
SELECT h.pid::text AS pid, coalesce(h.application_name, '') AS application_name,
       coalesce(h.usename::text, '') AS user_name,
       coalesce(h.client_addr::text, 'local') AS client,
       coalesce(w.pid::text, '') AS working_pid,
       coalesce(w.application_name, '') AS working_application_name,
       coalesce(w.state, h.state, '') AS state,
       coalesce(extract(epoch FROM clock_timestamp() - coalesce(w.xact_start, w.backend_start, h.backend_start))::bigint, 0)
           AS transaction_seconds,
       coalesce(left(coalesce(w.query, h.query), 500), '') AS query
FROM pg_locks l
JOIN pg_stat_activity h ON h.pid = l.pid
LEFT JOIN pg_stat_activity w
       ON w.pid = (regexp_match(h.application_name, 'pid ([0-9]+)'))[1]::int
WHERE l.locktype = 'advisory' AND l.classid = $1::oid AND l.objid = $2::oid
  AND l.objsubid = 2 AND l.granted AND l.pid <> pg_backend_pid();
