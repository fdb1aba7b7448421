-- User triggers (not the internal ones behind foreign keys), and whether
-- each one's function is neither the user's (whose body preflight reads)
-- nor PostgreSQL's own: an extension's, which may write rows.
SELECT n.nspname AS schema_name, c.relname AS relation_name, t.tgname AS trigger_name,
       (pn.nspname = 'information_schema'
        OR (pn.nspname <> 'pg_catalog'
            AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                        AND d.objid = p.oid AND d.deptype = 'e'))) AS calls_extension
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace
WHERE NOT t.tgisinternal
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, 3;
