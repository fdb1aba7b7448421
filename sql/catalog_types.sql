-- User types: enums (with their labels in order), standalone composite types,
-- domains and ranges; not the row types of tables, not array types.
SELECT n.nspname AS schema_name, t.typname AS type_name, t.typtype::text AS type_kind,
       coalesce((SELECT string_agg(e.enumlabel, E'\n' ORDER BY e.enumsortorder)
                 FROM pg_enum e WHERE e.enumtypid = t.oid), '') AS enum_labels
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND c.relkind = 'c'))
ORDER BY 1, 2;
