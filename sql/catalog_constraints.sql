-- Table constraints.
SELECT n.nspname AS schema_name, t.relname AS relation_name, c.conname AS constraint_name,
       c.contype::text AS constraint_type, c.convalidated AS validated,
       pg_get_constraintdef(c.oid) AS definition
FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1, 2, 3;
