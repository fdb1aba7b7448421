-- Other tools' ledger tables, each as its tool finds it ($1: a text array of
-- [schema.]table names, each resolved through search_path when unqualified;
-- one query for them all, as up and status look for every tool's at once):
-- for each name that names a table or view, its position in $1 (from 1), its
-- schema and name, and whether it has a "dirty" column (golang-migrate's
-- schema_migrations has one, dbmate's of the same name does not), and whether
-- it has columns name and statements (a Supabase CLI before mid-2023 made its
-- table without them). No row for a name: there is none.
-- An unqualified name search_path does not find is looked for in every
-- schema, and taken when exactly one has it (outside_search_path): a tool
-- set to keep its ledger elsewhere (Flyway's flyway.schemas=app puts
-- app.flyway_schema_history) must not have its migrations run again as if
-- it had none. (Whether it is this project's, its rows say: detect_foreign_ledgers.)
SELECT given.position, n.nspname::text AS schema_name, c.relname::text AS table_name,
       found.outside_search_path,
       EXISTS (SELECT 1 FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attname = 'dirty' AND a.attnum > 0 AND NOT a.attisdropped) AS has_dirty,
       (SELECT count(*) FROM pg_attribute a
        WHERE a.attrelid = c.oid AND a.attname IN ('name', 'statements') AND a.attnum > 0
          AND NOT a.attisdropped) = 2 AS has_name_and_statements
FROM unnest($1::text[]) WITH ORDINALITY AS given(name, position)
CROSS JOIN LATERAL (SELECT to_regclass(given.name)::oid AS oid) AS on_path
CROSS JOIN LATERAL (
  SELECT coalesce(on_path.oid,
                  (SELECT CASE WHEN count(*) = 1 THEN max(elsewhere.oid) END
                   FROM pg_class elsewhere
                   JOIN pg_namespace s ON s.oid = elsewhere.relnamespace
                   WHERE array_length(parse_ident(given.name), 1) = 1
                     AND elsewhere.relname = (parse_ident(given.name))[1] AND elsewhere.relkind IN ('r', 'p', 'v')
                     AND s.nspname <> 'information_schema' AND s.nspname NOT LIKE 'pg\_%')) AS oid,
         on_path.oid IS NULL AS outside_search_path
) AS found
JOIN pg_class c ON c.oid = found.oid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v')
ORDER BY given.position;
