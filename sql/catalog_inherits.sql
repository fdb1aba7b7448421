-- Each table's parents: the partitioned table it is a partition of, the
-- tables it INHERITS from. A column renamed or dropped on a parent is on
-- them too.
SELECT cn.nspname AS schema_name, c.relname AS relation_name,
       pn.nspname AS parent_schema, p.relname AS parent_name
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_namespace cn ON cn.oid = c.relnamespace
JOIN pg_class p ON p.oid = i.inhparent
JOIN pg_namespace pn ON pn.oid = p.relnamespace
WHERE c.relkind IN ('r', 'p', 'f')
  AND cn.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY 1, 2, i.inhseqno;
