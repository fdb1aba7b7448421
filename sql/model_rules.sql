-- The catalog model: rules (CREATE RULE) on user tables and views, as
-- pg_get_ruledef prints them, and whether enabled (ev_enabled: O on, D
-- disabled, R replica only, A always); not a view's own _RETURN rule.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       r.rulename AS rule_name,
       pg_get_ruledef(r.oid) AS definition,
       r.ev_enabled::text AS enabled,
       obj_description(r.oid, 'pg_rewrite') AS comment
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3;
