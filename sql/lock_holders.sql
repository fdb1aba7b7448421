-- Who holds (or waits for) pgapply's advisory lock ($1, $2: its two int4 keys):
-- what an operator needs to find the other run.
SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),
       coalesce(a.client_addr::text, 'local'), coalesce(a.state, ''),
       coalesce(to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS'), ''),
       coalesce(extract(epoch FROM clock_timestamp() - a.xact_start)::bigint, 0),
       coalesce(left(a.query, 200), '')
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.classid = $1::oid AND l.objid = $2::oid
  AND l.objsubid = 2 AND l.granted AND l.pid <> pg_backend_pid();
