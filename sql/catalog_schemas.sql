-- User schemas, with whether the current user may create in them.
SELECT n.nspname, has_schema_privilege(n.oid, 'CREATE'), pg_get_userbyid(n.nspowner)
FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1;
