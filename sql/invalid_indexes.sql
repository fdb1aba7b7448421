-- The INVALID indexes of the tables a concurrent index statement works on:
-- what an interrupted run of it may have left behind (the caller keeps those
-- whose names the statement would have chosen). $1: what the statement
-- names: 'table' (CREATE INDEX ... ON table, REINDEX TABLE), 'index'
-- (REINDEX INDEX: the index's table), 'schema' (REINDEX SCHEMA: its tables)
-- or 'database' (REINDEX DATABASE: every table but the system catalogs,
-- which it skips); $2: that name, quoted as written, found on search_path as
-- the statement finds it (an index is in its table's schema, whatever the
-- current schema). A table's partitions and TOAST tables count: REINDEX
-- TABLE rebuilds their indexes too (its TOAST index's copy is
-- pg_toast.pg_toast_N_index_ccnew).
WITH RECURSIVE named AS (
  SELECT CASE $1::text
           WHEN 'table' THEN pg_catalog.to_regclass($2::text)
           WHEN 'index' THEN (SELECT x.indrelid FROM pg_catalog.pg_index x
                              WHERE x.indexrelid = pg_catalog.to_regclass($2::text))
         END AS relid
), tree AS (
  SELECT relid FROM named WHERE relid IS NOT NULL
  UNION
  SELECT h.inhrelid FROM pg_catalog.pg_inherits h JOIN tree ON h.inhparent = tree.relid
), in_scope AS (
  SELECT c.oid, c.reltoastrelid
  FROM pg_catalog.pg_class c
  WHERE c.oid IN (SELECT relid FROM tree)
     OR ($1::text = 'schema' AND c.relnamespace = pg_catalog.to_regnamespace($2::text))
     -- FirstNormalObjectId: the system catalogs (and their TOAST tables) are below it
     OR ($1::text = 'database' AND c.oid >= 16384)
), tables AS (
  SELECT oid FROM in_scope
  UNION
  SELECT reltoastrelid FROM in_scope WHERE reltoastrelid <> 0
)
SELECT n.nspname AS schema_name, c.relname AS index_name
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.indisvalid
  AND i.indrelid IN (SELECT oid FROM tables)
ORDER BY n.nspname, c.relname
