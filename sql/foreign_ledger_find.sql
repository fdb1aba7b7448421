-- Other tools' ledger tables, each as its tool finds it ($1: a text array of
-- [schema.]table names, each resolved through search_path when unqualified;
-- one query for them all, as up and status look for every tool's at once):
-- for each name that names a table or view, its position in $1 (from 1), its
-- schema and name, and whether it has a "dirty" column (golang-migrate's
-- schema_migrations has one, dbmate's of the same name does not), and whether
-- it has columns name and statements (a Supabase CLI before mid-2023 made its
-- table without them). No row for a name: there is none.
SELECT given.position, n.nspname::text AS schema_name, c.relname::text AS table_name,
       EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'dirty' AND a.attnum > 0 AND NOT a.attisdropped) AS has_dirty,
       (SELECT count(*) FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attname IN ('name', 'statements') AND a.attnum > 0
          AND NOT a.attisdropped) = 2 AS has_name_and_statements
FROM unnest($1::text[]) WITH ORDINALITY AS given(name, position)
JOIN pg_class c ON c.oid = to_regclass(given.name)
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v')
ORDER BY given.position;
