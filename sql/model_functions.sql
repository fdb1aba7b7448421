-- The catalog model: functions, procedures, aggregates and window functions
-- of user schemas, by identity (name and argument types), with
-- pg_get_functiondef's complete definition (an aggregate's parts instead:
-- pg_get_functiondef does not print aggregates).
SELECT n.nspname AS schema_name,
       p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS identity,
       p.prokind::text AS kind,
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE
         (SELECT 'AGGREGATE ' || p.proname || '(' || pg_get_function_arguments(p.oid) || ') SFUNC '
                 || a.aggtransfn::regproc::text || ' STYPE ' || format_type(a.aggtranstype, NULL)
                 || coalesce(' FINALFUNC ' || nullif(a.aggfinalfn, 0)::regproc::text, '')
                 || coalesce(' COMBINEFUNC ' || nullif(a.aggcombinefn, 0)::regproc::text, '')
                 || coalesce(' INITCOND ' || quote_literal(a.agginitval), '')
          FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
       END AS definition,
       pg_get_userbyid(p.proowner) AS owner,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2;
