-- The sessions a statement that hit lock_timeout most likely waited for:
-- other sessions of this database holding granted locks on relations, in a
-- transaction open for at least $1 milliseconds (the lock_timeout), oldest
-- first. (pgapply's migration lock session holds advisory locks only: it
-- never shows here.)
SELECT a.pid, coalesce(a.application_name, '') AS application_name,
       coalesce(a.usename::text, '') AS user_name,
       to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since,
       extract(epoch FROM clock_timestamp() - a.xact_start)::bigint AS seconds,
       coalesce(a.state, '') AS state, coalesce(left(a.query, 300), '') AS query,
       string_agg(DISTINCT l.relation::regclass::text || ' (' || l.mode || ')', ', ') AS locks
FROM pg_stat_activity a
JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.locktype = 'relation'
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
  AND a.xact_start IS NOT NULL
  AND a.xact_start <= clock_timestamp() - make_interval(secs => $1::double precision / 1000)
GROUP BY a.pid, a.application_name, a.usename, a.xact_start, a.state, a.query
ORDER BY a.xact_start
LIMIT 5;
