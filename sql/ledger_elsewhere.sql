-- Other pgapply ledgers (a table with its _history sibling) that record
-- applied migrations, when this run's ledger records none:
--  - of the same table name in another schema: when search_path changes, an
--    unqualified --ledger resolves to another schema and would start afresh;
--  - of the same name in other letter case (--ledger LED beside led);
--  - of any other name that records this directory's files as they are now
--    (same checksum): a mistyped --ledger (ops.pgapply_migration, opz.x)
--    would start afresh and run every migration again.
-- Two projects sharing a database have their own files: they do not match.
-- $1: the table name; $2: the schema this run's ledger resolved to;
-- $3: this directory's checksums, one per line.
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
    AND (SELECT count(*) FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = c.oid AND a.attname IN ('version', 'checksum', 'state') AND NOT a.attisdropped) = 3
    AND has_table_privilege(c.oid, 'SELECT')
), counted AS (
  SELECT nspname || '.' || relname AS shown, same_name, same_schema,
         (xpath('/row/n/text()',
                query_to_xml(format('SELECT count(*) AS n FROM %I.%I WHERE state = %L', nspname, relname, 'applied'),
                             false, true, '')))[1]::text::bigint AS applied,
         (xpath('/row/n/text()',
                query_to_xml(format('SELECT count(*) AS n FROM %I.%I WHERE state = %L AND checksum = ANY (%L::text[])',
                                    nspname, relname, 'applied', string_to_array($3, E'\n')),
                             false, true, '')))[1]::text::bigint AS matching
  FROM ledgers
)
SELECT shown, same_name, same_schema, applied, matching
FROM counted
WHERE applied > 0 AND (same_name OR matching > 0)
ORDER BY same_name DESC, matching DESC, shown;
