-- Where each table of the user's schemas and each of its indexes keeps its
-- rows on disk: the relfilenode of the relation and of its partitions and
-- inheriting children, all levels. A statement that rewrites a table (or
-- rebuilds an index) gives it a new file, empty as a shadow's tables are or
-- not; one that does not keeps the file. Read on the shadow before and after
-- a migration whose facts say it may rewrite a table: PostgreSQL's own answer
-- to whether it did (a binary-coercible type change, a domain without
-- constraints, timestamp to timestamptz where TimeZone is UTC...).
-- $1: the table names (unqualified, as text[]) worth reading.
WITH RECURSIVE tree(root, relid) AS (
  SELECT c.oid, c.oid
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm', 'i', 'I')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid
)
SELECT tab.oid::bigint AS table_oid,
       n.nspname AS schema_name,
       tab.relname AS table_name,
       CASE WHEN r.relkind IN ('i', 'I') THEN r.relname ELSE '' END AS index_name,
       string_agg(k.relfilenode::text, ' ' ORDER BY k.oid) AS files,
       c.index_columns
FROM tree t
JOIN pg_class r ON r.oid = t.root
JOIN pg_class k ON k.oid = t.relid
LEFT JOIN pg_index x ON x.indexrelid = r.oid
JOIN pg_class tab ON tab.oid = coalesce(x.indrelid, r.oid)
JOIN pg_namespace n ON n.oid = tab.relnamespace
-- an index's columns: its keys, and those its expressions and predicate read
LEFT JOIN LATERAL (
  SELECT array_agg(a.attname ORDER BY a.attnum)::text AS index_columns
  FROM pg_attribute a
  WHERE a.attrelid = x.indrelid AND a.attnum > 0
    AND (a.attnum = ANY (x.indkey::int2[])
         OR EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = x.indexrelid
                      AND d.refclassid = 'pg_class'::regclass AND d.refobjid = x.indrelid
                      AND d.refobjsubid = a.attnum))) c ON true
WHERE tab.relname = ANY ($1::text[])
GROUP BY tab.oid, n.nspname, tab.relname, r.relkind, r.relname, c.index_columns
ORDER BY 1, 4;
