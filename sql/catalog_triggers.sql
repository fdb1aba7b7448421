-- User triggers (not the internal ones behind foreign keys), with when they
-- fire and what their function is: whether it may write rows, and what a
-- BEFORE ... FOR EACH ROW one does to the row (ddl/row_trigger.hpp).
SELECT n.nspname AS schema_name, c.relname AS relation_name, t.tgname AS trigger_name,
       -- pg_trigger.h's TRIGGER_TYPE_* bits: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16
       (t.tgtype & 3) = 3 AS before_row,
       -- it fires as a migration runs: enabled, not disabled nor for replicas alone (session_replication_role)
       t.tgenabled IN ('O', 'A') AS fires,
       (t.tgtype & 4) <> 0 AS on_insert,
       (t.tgtype & 16) <> 0 AS on_update,
       (t.tgtype & 8) <> 0 AS on_delete,
       -- a WHEN clause, or UPDATE OF columns: it may not fire
       t.tgqual IS NOT NULL OR COALESCE(array_length(t.tgattr::int2[], 1), 0) > 0 AS conditional,
       l.lanname AS language_name, p.prosrc AS body, p.proname AS function_name,
       COALESCE((SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
                 WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'), '') AS extension_name,
       -- its arguments, each ended by \000 in the escape form
       split_part(encode(t.tgargs, 'escape'), '\000', 1) AS first_argument
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_language l ON l.oid = p.prolang
WHERE NOT t.tgisinternal
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, 3;
