-- Functions and procedures of user schemas (not those of extensions).
SELECT n.nspname AS schema_name, p.proname AS routine_name, p.prokind::text AS routine_kind,
       pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       oidvectortypes(p.proargtypes) AS argument_types,
       -- what it runs: whether it may write rows (ddl/writing_routine.hpp)
       l.lanname AS language_name, p.prosrc AS body,
       -- a trigger's or event trigger's function, which only a trigger runs
       p.prorettype IN ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype) AS trigger_function,
       -- an object that may call it where no statement names it (a view, a policy, a DEFAULT...)
       EXISTS (SELECT 1 FROM pg_depend r WHERE r.refclassid = 'pg_proc'::regclass AND r.refobjid = p.oid)
         AS referenced,
       -- an index's or extended statistics' expression calls it: ANALYZE, CLUSTER, REINDEX run it over the rows
       EXISTS (SELECT 1 FROM pg_depend r WHERE r.refclassid = 'pg_proc'::regclass AND r.refobjid = p.oid
               AND (r.classid = 'pg_statistic_ext'::regclass
                    OR (r.classid = 'pg_class'::regclass
                        AND EXISTS (SELECT 1 FROM pg_index i WHERE i.indexrelid = r.objid)))) AS indexed,
       -- what an index build or an exclusion constraint's check calls where no statement names it: an
       -- operator class's or family's support function, or an operator's
       (EXISTS (SELECT 1 FROM pg_amproc a WHERE a.amproc = p.oid)
        OR EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprcode = p.oid)) AS index_support,
       -- i, s or v: whether an ADD COLUMN ... DEFAULT that calls it rewrites the table
       p.provolatile::text AS volatility
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 4;
