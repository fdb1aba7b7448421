-- Tables, views, materialized views, sequences and foreign tables of user schemas.
-- A partitioned table has no rows or storage of its own: its partitions'
-- (all levels down), summed, are what its locks and index builds cover.
SELECT n.nspname AS schema_name, c.relname AS relation_name, c.relkind::text AS relation_kind,
       c.relrowsecurity AS row_security, c.relforcerowsecurity AS force_row_security, c.relhasrules AS has_rules,
       CASE WHEN c.relkind = 'p' AND c.reltuples <= 0 AND partitions.rows IS NOT NULL THEN partitions.rows
            ELSE c.reltuples::float8 END AS row_estimate,
       CASE WHEN c.relkind = 'p' THEN coalesce(partitions.bytes, 0)
            WHEN c.relkind IN ('r', 'm') THEN pg_total_relation_size(c.oid) ELSE 0 END AS total_bytes,
       coalesce(ts.spcname, default_ts.spcname) AS tablespace_name,
       c.relpersistence::text AS persistence, am.amname AS access_method,
       pg_get_userbyid(c.relowner) AS owner_name,
       pg_has_role(c.relowner, 'USAGE') AS owned,
       -- (CREATE TRIGGER needs this privilege, not the owner)
       has_table_privilege(c.oid, 'TRIGGER') AS may_trigger,
       owner_column.table_name AS owned_by_table, owner_column.column_name AS owned_by_column,
       partitioned.partition_key, partitioned.partition_key_types,
       partitioned.default_partition_schema, partitioned.default_partition_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
-- (reltablespace 0: the database's default, which SET TABLESPACE names as 0 too)
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN pg_database db ON db.datname = current_database()
LEFT JOIN pg_tablespace default_ts ON default_ts.oid = db.dattablespace
LEFT JOIN pg_am am ON am.oid = c.relam
-- A sequence's OWNED BY column (a serial's or an identity's too), in the
-- sequence's own schema as PostgreSQL requires: it is dropped with it.
LEFT JOIN LATERAL (
  SELECT t.relname AS table_name, a.attname AS column_name
  FROM pg_depend d
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE c.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
  LIMIT 1
) owner_column ON true
-- A partitioned table's key ("RANGE (created_at)"), each key column's type
-- with its typmod as a bound is converted to it ('' for an expression, one a
-- line) and its DEFAULT partition: a new partition's rows there fail its
-- CREATE or ATTACH.
LEFT JOIN LATERAL (
  SELECT pg_get_partkeydef(pt.partrelid) AS partition_key,
         (SELECT string_agg(CASE WHEN k.attnum > 0 THEN format_type(a.atttypid, a.atttypmod) ELSE '' END, E'\n'
                            ORDER BY k.n)
          FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY AS k(attnum, n)
          LEFT JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = k.attnum) AS partition_key_types,
         dn.nspname AS default_partition_schema, d.relname AS default_partition_name
  FROM pg_partitioned_table pt
  LEFT JOIN pg_class d ON d.oid = pt.partdefid
  LEFT JOIN pg_namespace dn ON dn.oid = d.relnamespace
  WHERE pt.partrelid = c.oid
) partitioned ON true
LEFT JOIN LATERAL (
  WITH RECURSIVE tree(relid) AS (
    SELECT i.inhrelid FROM pg_inherits i WHERE c.relkind = 'p' AND i.inhparent = c.oid
    UNION ALL
    SELECT i.inhrelid FROM pg_inherits i JOIN tree ON i.inhparent = tree.relid
  )
  -- (-1, never analysed, when no partition was: not 0, which says empty)
  SELECT sum(pg_total_relation_size(p.oid))::bigint AS bytes,
         CASE WHEN bool_and(p.reltuples < 0) THEN -1
              ELSE sum(CASE WHEN p.reltuples > 0 THEN p.reltuples ELSE 0 END) END::float8 AS rows
  FROM tree JOIN pg_class p ON p.oid = tree.relid
  WHERE p.relkind = 'r'
) partitions ON true
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'
ORDER BY 1, 2;
