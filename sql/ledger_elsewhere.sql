-- pgapply ledgers of the same table name in other schemas (a table with its
-- _history sibling), with their applied rows: when search_path changes, an
-- unqualified --ledger resolves to another schema and would start afresh;
-- and of the same name in other letter case (--ledger LED beside led).
-- $1: the table name; $2: the schema this run's ledger resolved to.
-- (shown as --ledger takes it: as written)
SELECT n.nspname || '.' || c.relname AS shown,
       lower(n.nspname) = lower($2) AS same_schema,  -- (as letters: A.x beside a.x is a twin)
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM %I.%I WHERE state = %L', n.nspname, c.relname, 'applied'),
                           false, true, '')))[1]::text::bigint AS applied
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE lower(c.relname) = lower($1) AND NOT (c.relname = $1 AND n.nspname = $2) AND c.relkind IN ('r', 'p')
  AND EXISTS (SELECT 1 FROM pg_catalog.pg_class h
              WHERE h.relnamespace = c.relnamespace AND h.relname = c.relname || '_history')
  AND has_table_privilege(c.oid, 'SELECT')
ORDER BY 1;
