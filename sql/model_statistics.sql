-- The catalog model: extended statistics objects (CREATE STATISTICS) in user
-- schemas, as pg_get_statisticsobjdef prints them; not an extension's.
SELECT n.nspname AS schema_name,
       s.stxname AS statistics_name,
       pg_get_statisticsobjdef(s.oid) AS definition,
       obj_description(s.oid, 'pg_statistic_ext') AS comment
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_statistic_ext'::regclass AND d.objid = s.oid AND d.deptype = 'e')
ORDER BY 1, 2;
