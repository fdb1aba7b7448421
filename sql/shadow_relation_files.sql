-- Where each named table of the user's schemas and each of its indexes
-- keeps its rows on disk: the relfilenode of the table and of its
-- partitions and inheriting children, all levels, and of every index of
-- those. A statement that rewrites a table (or rebuilds an index) gives it a
-- new file, empty as a shadow's tables are or not; one that does not keeps
-- the file. Read on the shadow before and after a migration whose facts say
-- it may rewrite a table: PostgreSQL's own answer to whether it did (a
-- binary-coercible type change, a domain without constraints, timestamp to
-- timestamptz where TimeZone is UTC...).
-- $1: the table names (unqualified, as text[]) worth reading.
WITH RECURSIVE named AS (
  SELECT c.oid AS root, n.nspname, c.relname
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm')
    AND c.relname = ANY ($1::text[])
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
), tree(root, relid) AS (
  SELECT root, root FROM named
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.relid
)
SELECT nd.root::bigint AS table_oid,
       nd.nspname AS schema_name,
       nd.relname AS table_name,
       '' AS index_name,
       string_agg(k.relfilenode::text, ' ' ORDER BY k.oid) AS files,
       NULL::text AS index_columns
FROM named nd
JOIN tree t ON t.root = nd.root
JOIN pg_class k ON k.oid = t.relid
GROUP BY nd.root, nd.nspname, nd.relname
UNION ALL
-- each index of the table or of a partition or child (a child's columns
-- have its parent's names), named with its schema where that is another
SELECT nd.root::bigint,
       nd.nspname,
       nd.relname,
       CASE WHEN ixn.nspname = nd.nspname THEN ix.relname ELSE ixn.nspname || '.' || ix.relname END,
       ix.relfilenode::text,
       -- its columns: its keys, and those its expressions and predicate read
       (SELECT array_agg(a.attname ORDER BY a.attnum)::text
        FROM pg_attribute a
        WHERE a.attrelid = x.indrelid AND a.attnum > 0
          AND (a.attnum = ANY (x.indkey::int2[])
               OR EXISTS (SELECT 1 FROM pg_depend d
                          WHERE d.classid = 'pg_class'::regclass AND d.objid = x.indexrelid
                            AND d.refclassid = 'pg_class'::regclass AND d.refobjid = x.indrelid
                            AND d.refobjsubid = a.attnum)))
FROM named nd
JOIN tree t ON t.root = nd.root
JOIN pg_index x ON x.indrelid = t.relid
JOIN pg_class ix ON ix.oid = x.indexrelid
JOIN pg_namespace ixn ON ixn.oid = ix.relnamespace
ORDER BY 1, 4;
