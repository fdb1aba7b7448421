-- Other pgapply ledgers (a table with pgapply's columns and its _history
-- sibling) that record applied migrations, when this run's ledger records
-- none:
--  - of the same table name in another schema: when search_path changes, an
--    unqualified --ledger resolves to another schema and would start afresh;
--  - of the same name in other letter case (--ledger LED beside led);
--  - one that records this directory's files as they are now (version and
--    checksum: `matching`): a mistyped --ledger (ops.pgapply_migration,
--    opz.pgapply_migrations) would start afresh and run every migration
--    again. Which of them stand for this run's ledger, engine::Ledger decides.
-- $1: the table name; $2: the schema this run's ledger resolved to;
-- $3 and $4: this directory's versions and their checksums, one per line.
-- (shown as --ledger takes it: as written)
WITH ledgers AS (
  SELECT n.nspname, c.relname,
         lower(c.relname) = lower($1) AS same_name,
         lower(n.nspname) = lower($2) AS same_schema  -- (as letters: A.x beside a.x is a twin)
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT (c.relname = $1 AND n.nspname = $2) AND c.relkind IN ('r', 'p')
    AND EXISTS (SELECT 1 FROM pg_catalog.pg_class h
                WHERE h.relnamespace = c.relnamespace AND h.relname = c.relname || '_history')
    -- pgapply's columns, of its types: not an application's table of that shape
    AND (SELECT count(*) FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = c.oid AND NOT a.attisdropped
           AND ((a.attname IN ('state', 'checksum', 'pgapply_version') AND a.atttypid = 'text'::regtype)
                OR a.attname = 'version')) = 4
    AND has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
), counted AS (
  -- (one read of each: its applied rows, and of them this directory's)
  SELECT nspname || '.' || relname AS shown, same_name, same_schema,
         query_to_xml(format('SELECT count(*) AS n, count(*) FILTER (WHERE (version::text, checksum) '
                             'IN (SELECT * FROM unnest(%L::text[], %L::text[]))) AS m FROM %I.%I WHERE state = %L',
                             string_to_array($3, E'\n'), string_to_array($4, E'\n'), nspname, relname, 'applied'),
                      false, true, '') AS counts
  FROM ledgers
), answered AS (
  SELECT shown, same_name, same_schema,
         (xpath('/row/n/text()', counts))[1]::text::bigint AS applied,
         (xpath('/row/m/text()', counts))[1]::text::bigint AS matching
  FROM counted
)
SELECT shown, same_name, same_schema, applied, matching,
       EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = $2) AS schema_exists
FROM answered
WHERE applied > 0 AND (same_name OR matching > 0)
ORDER BY same_name DESC, matching DESC, shown;
