-- The catalog model: constraints of user tables and domains, as
-- pg_get_constraintdef prints them.
SELECT n.nspname AS schema_name,
       coalesce(c.relname, t.typname) AS parent_name,
       co.conname AS constraint_name,
       co.contype::text AS constraint_type,
       pg_get_constraintdef(co.oid) AS definition,
       obj_description(co.oid, 'pg_constraint') AS comment
FROM pg_constraint co
JOIN pg_namespace n ON n.oid = co.connamespace
LEFT JOIN pg_class c ON c.oid = co.conrelid AND co.conrelid <> 0
LEFT JOIN pg_type t ON t.oid = co.contypid AND co.contypid <> 0
WHERE (c.oid IS NOT NULL OR t.oid IS NOT NULL)
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.deptype = 'e'
                    AND ((d.classid = 'pg_class'::regclass AND d.objid = c.oid)
                         OR (d.classid = 'pg_type'::regclass AND d.objid = t.oid)))
ORDER BY 1, 2, 3;
