-- The catalog model: user triggers (not the internal ones behind foreign
-- keys), as pg_get_triggerdef prints them, and whether enabled (tgenabled:
-- O on, D disabled, R replica only, A always).
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       tg.tgname AS trigger_name,
       pg_get_triggerdef(tg.oid) AS definition,
       tg.tgenabled::text AS enabled,
       obj_description(tg.oid, 'pg_trigger') AS comment
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT tg.tgisinternal
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3;
