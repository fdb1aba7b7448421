-- The catalog model (src/catalog): user schemas. Not pg_catalog,
-- information_schema, pg_toast or temporary schemas, nor a schema an
-- extension owns. Run with search_path = pg_catalog, so every user name the
-- server prints is schema-qualified, the same way on any database.
SELECT n.nspname AS schema_name,
       pg_get_userbyid(n.nspowner) AS owner,
       obj_description(n.oid, 'pg_namespace') AS comment
FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e')
ORDER BY 1;
