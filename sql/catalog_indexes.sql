-- Indexes with their validity: a failed CREATE INDEX CONCURRENTLY leaves one invalid.
SELECT n.nspname AS schema_name, t.relname AS relation_name, i.relname AS index_name,
       x.indisvalid AS valid, x.indisready AS ready, x.indisunique AS is_unique, x.indisprimary AS is_primary,
       pg_get_indexdef(x.indexrelid) AS definition
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1, 2, 3;
