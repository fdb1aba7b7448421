-- Event triggers that fire as migrations run DDL (enabled, not an
-- extension's), with what their functions run: one that writes rows
-- changes what a later row check finds (schema/preflight_row_checks.cpp).
SELECT e.evtname AS trigger_name, e.evtevent AS event,
       coalesce(array_to_string(e.evttags, E'\n'), '') AS tags,
       l.lanname AS language_name, p.prosrc AS body
FROM pg_event_trigger e
JOIN pg_proc p ON p.oid = e.evtfoid
JOIN pg_language l ON l.oid = p.prolang
WHERE e.evtenabled IN ('O', 'A')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_event_trigger'::regclass
                  AND d.objid = e.oid AND d.deptype = 'e')
ORDER BY 1;
