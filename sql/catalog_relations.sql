-- Tables, views, materialized views, sequences and foreign tables of user schemas.
SELECT n.nspname AS schema_name, c.relname AS relation_name, c.relkind::text AS relation_kind,
       c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security,
       c.reltuples::float8 AS row_estimate,
       CASE WHEN c.relkind IN ('r', 'p', 'm') THEN pg_total_relation_size(c.oid) ELSE 0 END AS total_bytes,
       pg_get_userbyid(c.relowner) AS owner_name,
       pg_has_role(c.relowner, 'USAGE') AS owned
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1, 2;
