-- User schemas, with whether the current user may create in them.
SELECT n.nspname AS schema_name, has_schema_privilege(n.oid, 'CREATE') AS can_create,
       pg_get_userbyid(n.nspowner) AS owner_name
FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1;
