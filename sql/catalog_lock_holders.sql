-- Other sessions of this database that hold or wait for locks on tables of
-- user schemas; then those whose transactions have been open for a minute or
-- more (with an empty relation).
SELECT n.nspname AS schema_name, c.relname AS relation_name, a.pid AS pid, l.mode AS lock_mode,
       l.granted AS granted, coalesce(a.state, '') AS state,
       coalesce(extract(epoch FROM clock_timestamp() - a.xact_start)::bigint, 0) AS transaction_seconds,
       coalesce(a.application_name, '') AS application_name, coalesce(a.usename::text, '') AS user_name,
       coalesce(left(a.query, 200), '') AS query
FROM pg_locks l
JOIN pg_stat_activity a ON a.pid = l.pid
JOIN pg_class c ON c.oid = l.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE l.locktype = 'relation' AND l.pid <> pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
UNION ALL  -- (its columns take the names of the first SELECT's)
SELECT '', '', a.pid, '', true, coalesce(a.state, ''),
       extract(epoch FROM clock_timestamp() - a.xact_start)::bigint,
       coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(left(a.query, 200), '')
FROM pg_stat_activity a
WHERE a.pid <> pg_backend_pid() AND a.datname = current_database()
  AND a.xact_start < clock_timestamp() - interval '1 minute'
ORDER BY 1, 2, 3;
