-- The sessions a statement that hit lock_timeout most likely waited for:
-- other sessions of this database holding granted locks on relations, in a
-- transaction open for at least $1 milliseconds (the lock_timeout), oldest
-- first. (pgapply's migration lock session holds advisory locks only: it
-- never shows here.) It runs on the migrations' session, whose search_path
-- a migration may have changed (pg_temp, searched first, may hold a table
-- named like a catalog's): what it reads is named with its schema.
SELECT a.pid, coalesce(a.application_name, '') AS application_name,
       coalesce(a.usename::text, '') AS user_name,
       pg_catalog.to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since,
       extract(epoch FROM pg_catalog.clock_timestamp() - a.xact_start)::bigint AS seconds,
       coalesce(a.state, '') AS state, coalesce(pg_catalog.left(a.query, 300), '') AS query,
       pg_catalog.string_agg(DISTINCT l.relation::regclass::text || ' (' || l.mode || ')', ', ') AS locks
FROM pg_catalog.pg_stat_activity a
JOIN pg_catalog.pg_locks l ON l.pid = a.pid AND l.granted AND l.locktype = 'relation'
WHERE a.datname = pg_catalog.current_database() AND a.pid <> pg_catalog.pg_backend_pid()
  AND a.xact_start IS NOT NULL
  AND a.xact_start <= pg_catalog.clock_timestamp() - pg_catalog.make_interval(secs => $1::double precision / 1000)
GROUP BY a.pid, a.application_name, a.usename, a.xact_start, a.state, a.query
ORDER BY a.xact_start
LIMIT 5;
