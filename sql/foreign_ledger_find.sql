-- Another tool's ledger table, as that tool finds it ($1: [schema.]table,
-- resolved through search_path when unqualified): its schema and name, and
-- whether it has a "dirty" column (golang-migrate's schema_migrations has
-- one, dbmate's of the same name does not). No row: there is none.
SELECT n.nspname::text AS schema_name, c.relname::text AS table_name,
       EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'dirty' AND a.attnum > 0 AND NOT a.attisdropped) AS has_dirty
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = to_regclass($1) AND c.relkind IN ('r', 'p', 'v');
