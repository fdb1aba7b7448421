-- The INVALID indexes an interrupted CREATE INDEX CONCURRENTLY or REINDEX
-- INDEX CONCURRENTLY left behind. $1: the index's name (unquoted); $2: the
-- relation the statement names, quoted as written, found on search_path as
-- the statement finds it: the table (CREATE INDEX ... ON table: the index is
-- in the table's schema, whatever the current schema), or the index
-- (REINDEX: its <name>_ccnew/_ccold is on the same table); $3: REINDEX.
SELECT n.nspname AS schema_name, c.relname AS index_name
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid
  AND i.indrelid = CASE WHEN $3::bool
                        THEN (SELECT x.indrelid FROM pg_catalog.pg_index x
                              WHERE x.indexrelid = pg_catalog.to_regclass($2::text))
                        ELSE pg_catalog.to_regclass($2::text) END
  AND (c.relname = $1::text
       -- the name compared as text, never as a pattern (it may hold . or +)
       OR ($3::bool AND pg_catalog.left(c.relname, pg_catalog.length($1::text)) = $1::text
           AND pg_catalog.substr(c.relname, pg_catalog.length($1::text) + 1) ~ '^_cc(new|old)[0-9]*$'))
